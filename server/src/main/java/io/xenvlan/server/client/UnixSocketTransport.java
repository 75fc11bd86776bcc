package io.xenvlan.server.client;

import io.xenvlan.core.error.BackendFailureException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTP/1.1 over the Unix domain socket a holder of the embedded store announces: Jetty's HTTP
 * client, because the JDK's speaks only TCP. Loaded only when a command goes through a holder, so
 * the other commands do not pay for it at start; and made without the TLS context that Jetty's
 * default connector makes at every start (it reads the JDK's CA certificates), which plain HTTP over a
 * local socket never uses.
 */
final class UnixSocketTransport implements HttpTransport {
    private final HttpClient http;
    private final Transport transport;

    private UnixSocketTransport(HttpClient http, Path socket) {
        this.http = http;
        this.transport = new Transport.TCPUnix(socket);
    }

    static UnixSocketTransport open(Path socket) {
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(new PlainConnector()));
        http.setName("xenvlan-local-client");
        try {
            http.start();
            // statuses reach ApiClient as they are: no redirects followed, no 401 challenge handling (start adds them)
            http.getProtocolHandlers().clear();
        } catch (Exception e) {
            throw new BackendFailureException("api", "unreachable", List.of(socket.toString()),
                    "cannot start a client for " + socket + ": " + e.getMessage(), e);
        }
        return new UnixSocketTransport(http, socket);
    }

    @Override
    public Reply send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        Request request = http.newRequest("http://localhost" + pathAndQuery).transport(transport).method(method)
                .timeout(ApiClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .headers(h -> headers.forEach(h::put));
        if (body != null) {
            request.body(new BytesRequestContent(headers.getOrDefault("Content-Type", "application/json"), body));
        }
        try {
            ContentResponse r = request.send();
            return new Reply(r.getStatus(), r.getContent());
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(e.getCause() == null ? e.toString() : e.getCause().getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // the process is about to end; nothing is left to flush
        }
    }

    /** A connector for plain HTTP only: it makes no TLS context (a request for https:// fails). */
    static final class PlainConnector extends ClientConnector {
        @Override
        protected SslContextFactory.Client newSslContextFactory() {
            return null;
        }
    }
}
