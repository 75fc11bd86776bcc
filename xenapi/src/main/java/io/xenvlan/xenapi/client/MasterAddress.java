package io.xenvlan.xenapi.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Where HOST_IS_SLAVE [address] sends the client. xapi sends the master's bare address and
 * clients keep scheme and port; this also accepts {@code host:port} and a full URL, which a
 * simulator running several hosts on one machine needs.
 */
final class MasterAddress {
    private MasterAddress() {
    }

    static URI resolve(URI current, String address) {
        String text = address.trim();
        try {
            if (text.contains("://")) {
                URI uri = new URI(text);
                if (uri.getHost() == null) {
                    throw bad(address);
                }
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), "/", null, null);
            }
            String host = text;
            int port = current.getPort();
            if (text.startsWith("[")) { // [v6] or [v6]:port
                int close = text.indexOf(']');
                if (close < 0) {
                    throw bad(address);
                }
                host = text.substring(1, close);
                if (text.length() > close + 1) {
                    port = port(text.substring(close + 1), address);
                }
            } else if (text.chars().filter(c -> c == ':').count() == 1) {
                host = text.substring(0, text.indexOf(':'));
                port = port(text.substring(text.indexOf(':')), address);
            }
            if (host.isEmpty()) {
                throw bad(address);
            }
            return new URI(current.getScheme(), null, host, port, "/", null, null);
        } catch (URISyntaxException e) {
            throw bad(address);
        }
    }

    private static int port(String colonPort, String address) {
        if (!colonPort.matches(":[0-9]{1,5}")) {
            throw bad(address);
        }
        int port = Integer.parseInt(colonPort.substring(1));
        if (port < 1 || port > 65535) {
            throw bad(address);
        }
        return port;
    }

    private static XenApiException bad(String address) {
        return new XenApiException(XenApiException.BAD_REPLY,
                List.of("HOST_IS_SLAVE", "cannot read master address '" + address + "'"));
    }
}
