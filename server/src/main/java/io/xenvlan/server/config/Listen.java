package io.xenvlan.server.config;

import io.xenvlan.core.error.InvalidInputException;
import java.util.function.Function;

/** A {@code host:port} to listen on; the host is an IPv4 address or a name, the port 0..65535. */
record Listen(String host, int port) {
    static Listen parse(String setting, String text, Function<String, InvalidInputException> invalid) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw invalid.apply("must be host:port, e.g. 127.0.0.1:8787, got '" + ConfigValues.clip(text) + "'");
        }
        String host = text.substring(0, colon);
        if (!host.matches("[A-Za-z0-9.-]{1,253}")) {
            throw invalid.apply("host must be an IPv4 address or a host name, got '" + ConfigValues.clip(host) + "'");
        }
        String port = text.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw invalid.apply("port must be 0..65535, got '" + ConfigValues.clip(port) + "'");
        }
        return new Listen(host, Integer.parseInt(port));
    }
}
