package io.xenvlan.server.client;

import java.io.IOException;
import java.util.Map;

/** How {@link ApiClient} reaches a server: the JDK's HTTP client over TCP, or Jetty's over the holder's Unix socket. */
interface HttpTransport extends AutoCloseable {
    /** The status and body of one exchange. */
    record Reply(int status, byte[] body) {}

    /** Sends one request; {@code body} is null for none. */
    Reply send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) throws IOException, InterruptedException;

    @Override
    default void close() {}
}
