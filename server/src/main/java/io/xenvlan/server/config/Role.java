package io.xenvlan.server.config;

import io.xenvlan.core.error.InvalidInputException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What one {@code xenvlan server} process does: serve the REST API, be a network node, or both. */
public enum Role {
    API,
    NETNODE;

    /**
     * Parses a comma-separated list such as {@code api,netnode}.
     * @throws InvalidInputException naming {@code setting} for an unknown or empty list
     */
    static Set<Role> parseList(String setting, String text) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            switch (p) {
                case "api" -> roles.add(API);
                case "netnode" -> roles.add(NETNODE);
                case "" -> { }
                default -> throw new InvalidInputException(setting, "one-of",
                        setting + ": roles are api and netnode, got '" + ConfigValues.clip(p) + "'");
            }
        }
        if (roles.isEmpty()) {
            throw new InvalidInputException(setting, "required", setting + ": at least one of api, netnode");
        }
        return Set.copyOf(roles);
    }
}
