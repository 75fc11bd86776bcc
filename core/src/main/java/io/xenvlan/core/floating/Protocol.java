package io.xenvlan.core.floating;

import io.xenvlan.core.error.InvalidInputException;
import java.util.Locale;

/** The protocols an ingress rule opens. */
public enum Protocol {
    TCP, UDP, ICMP;

    /** @throws InvalidInputException naming {@code protocol} for anything but tcp, udp or icmp */
    public static Protocol parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("protocol", "required", "protocol: tcp, udp or icmp is required");
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "tcp" -> TCP;
            case "udp" -> UDP;
            case "icmp" -> ICMP;
            default -> throw new InvalidInputException("protocol", "one-of", "protocol: must be tcp, udp or icmp, got '"
                    + Printable.of(text) + "'");
        };
    }

    /** {@code tcp}, {@code udp}, {@code icmp}: the name users type and the network node's rules use. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean hasPorts() {
        return this != ICMP;
    }
}
