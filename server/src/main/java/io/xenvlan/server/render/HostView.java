package io.xenvlan.server.render;

/** A pool's host as the pool reports it now. */
public record HostView(String name, String uuid, String address, boolean enabled) {}
