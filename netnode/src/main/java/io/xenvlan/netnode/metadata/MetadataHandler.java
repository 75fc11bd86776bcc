package io.xenvlan.netnode.metadata;

import io.xenvlan.core.guest.GuestView;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.GuestStore;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.metadata.MetadataDocuments.Document;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one metadata request: the network is the one whose leg address the connection reached
 * (the DNAT's target), the VM the one holding the source address in it now. A connection that
 * reached no served network's address, or comes from outside the network's range, or from an
 * address no VM holds, gets 404 and learns nothing; a VM over its rate gets 429; only GET and
 * HEAD are answered.
 */
final class MetadataHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataHandler.class);

    private final Function<Ipv4Address, Optional<Network>> networkAtLegAddress;
    private final GuestStore guests;
    private final RequestRateLimiter limiter;
    private final MetadataStats stats;

    MetadataHandler(Function<Ipv4Address, Optional<Network>> networkAtLegAddress, GuestStore guests, RequestRateLimiter limiter,
                    MetadataStats stats) {
        this.networkAtLegAddress = networkAtLegAddress;
        this.guests = guests;
        this.limiter = limiter;
        this.stats = stats;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            return answer(request, response, callback, 405, Map.of(HttpHeader.ALLOW.asString(), "GET, HEAD"), "method not allowed\n");
        }
        Optional<Ipv4Address> local = ipv4(request.getConnectionMetaData().getLocalSocketAddress());
        Optional<Ipv4Address> remote = ipv4(request.getConnectionMetaData().getRemoteSocketAddress());
        Optional<Network> network = local.flatMap(networkAtLegAddress);
        if (network.isEmpty() || remote.isEmpty() || !network.get().cidr().contains(remote.get())) {
            stats.refused();
            return answer(request, response, callback, 404, Map.of(), "not found\n");
        }
        if (!limiter.tryAcquire(network.get().id() + "/" + remote.get())) {
            stats.limited();
            return answer(request, response, callback, 429, Map.of(HttpHeader.RETRY_AFTER.asString(), "1"), "too many requests\n");
        }
        Optional<GuestView> vm = guests.guestAt(network.get().id(), remote.get());
        if (vm.isEmpty()) {
            stats.refused();
            LOG.debug("metadata: no VM holds {} in network {}", remote.get(), network.get().id());
            return answer(request, response, callback, 404, Map.of(), "not found\n");
        }
        Optional<Document> doc = MetadataDocuments.at(Request.getPathInContext(request), vm.get(), network.get());
        if (doc.isEmpty()) {
            return answer(request, response, callback, 404, Map.of(), "not found\n");
        }
        stats.served();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, doc.get().contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        byte[] body = HttpMethod.HEAD.is(method) ? new byte[0] : doc.get().body();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(doc.get().body().length));
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static boolean answer(Request request, Response response, Callback callback, int status, Map<String, String> headers,
                                  String text) {
        response.setStatus(status);
        headers.forEach((k, v) -> response.getHeaders().put(k, v));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        byte[] body = HttpMethod.HEAD.is(request.getMethod()) ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static Optional<Ipv4Address> ipv4(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet4Address v4) {
            return Optional.of(Ipv4Address.parse(v4.getHostAddress()));
        }
        return Optional.empty();
    }
}
