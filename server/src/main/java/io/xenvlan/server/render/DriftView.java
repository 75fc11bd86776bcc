package io.xenvlan.server.render;

/** One difference between the store and a pool ({@code host} is empty when it concerns no host). */
public record DriftView(String pool, String network, String kind, String host, String detail, boolean repairable) {}
