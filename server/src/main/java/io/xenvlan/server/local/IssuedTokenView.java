package io.xenvlan.server.local;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A token just made: its view and, this once, its secret ({@code token}, the last field). */
public record IssuedTokenView(@JsonUnwrapped TokenView view, String token) {}
