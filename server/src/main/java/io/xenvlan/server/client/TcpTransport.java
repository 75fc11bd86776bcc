package io.xenvlan.server.client;

import io.xenvlan.xenapi.client.TlsContexts;
import io.xenvlan.xenapi.client.TlsTrust;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The JDK's HTTP client to {@code --server URL}; an {@code https://} server is verified by {@code trust}. */
final class TcpTransport implements HttpTransport {
    private final URI base;
    private final HttpClient http;

    TcpTransport(URI base, TlsTrust trust) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (base.getScheme().equals("https")) {
            builder.sslContext(TlsContexts.forTrust(trust));
        }
        this.http = builder.build();
    }

    @Override
    public Reply send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(ApiClient.TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.body());
    }
}
