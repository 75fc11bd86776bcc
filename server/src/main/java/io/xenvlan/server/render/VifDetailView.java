package io.xenvlan.server.render;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One VIF as {@code vif show} shows it: its listing and what its guest is told. */
public record VifDetailView(@JsonUnwrapped VifView vif, @JsonUnwrapped GuestView guest) {}
