package io.xenvlan.xenapi.compute;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.Causes;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.port.PoolVerifier;
import io.xenvlan.xenapi.client.ServerCertificate;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a pool before it is registered by logging in once (and out again) with its settings,
 * and says what is wrong in words: the URL that does not answer, the password the pool refuses,
 * the certificate that is not trusted, with its SHA-256 fingerprint and the exact options that
 * pin it when the pool presents one.
 */
public final class PoolLogin implements PoolVerifier {
    private static final Duration CERTIFICATE_READ = Duration.ofSeconds(10);

    private final PoolClients clients;

    public PoolLogin(PoolClients clients) {
        this.clients = clients;
    }

    @Override
    public void verify(PoolSettings pool) {
        try (XenApiClient client = clients.probe(pool)) {
            client.login();
        } catch (XenApiException e) {
            throw explain(pool, e);
        }
    }

    private static RuntimeException explain(PoolSettings pool, XenApiException e) {
        String url = pool.url().toString();
        String reason = e.params().isEmpty() ? "" : Causes.clean(e.params().get(e.params().size() - 1));
        String offline = " (to register it anyway, offline, add --no-verify)";
        return switch (e.errorCode()) {
            case "SESSION_AUTHENTICATION_FAILED" -> new InvalidInputException("password", "accepted",
                    "password: the pool at " + url + " refused user '" + pool.username() + "' with the password from "
                            + pool.password().describe() + " (wrong user or password)");
            case XenApiException.CONNECT_FAILED, XenApiException.TRANSPORT_FAILED -> new InvalidInputException("url", "reachable",
                    "url: cannot reach " + url + ": " + reason + "; check the URL and that the pool master is up" + offline);
            case XenApiException.CONNECT_TIMEOUT, XenApiException.TIMEOUT -> new InvalidInputException("url", "reachable",
                    "url: " + url + " did not answer in time; check the URL, the firewall and that the pool master is up" + offline);
            case XenApiException.TLS_FAILED -> untrusted(pool, reason);
            case XenApiException.HTTP_STATUS, XenApiException.BAD_REPLY -> new InvalidInputException("url", "xenapi",
                    "url: " + url + " answered, but not as a XenServer / XCP-ng pool (" + reason + ")");
            default -> new BackendFailureException("xenapi", e.errorCode(), e.params(), "pool " + pool.name() + ": logging in to "
                    + url + " failed: " + e.errorCode() + " " + e.params(), e);
        };
    }

    private static InvalidInputException untrusted(PoolSettings pool, String reason) {
        Optional<String> fingerprint = ServerCertificate.sha256(pool.url(), CERTIFICATE_READ);
        String url = pool.url().toString();
        if (fingerprint.isEmpty()) {
            return new InvalidInputException("tls", "trusted", "tls: the TLS handshake with " + url + " failed (" + reason
                    + ") and its certificate could not be read");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sha256_fingerprint", fingerprint.get());
        details.put("pin_with", "--tls pinned --tls-value " + fingerprint.get());
        return new InvalidInputException("tls", "trusted", "tls: the certificate of " + url + " is not trusted (" + reason + "), as with a pool's own"
                + " self-signed certificate. Its SHA-256 fingerprint is " + fingerprint.get() + "; if that is your pool's"
                + " (compare it on the pool master: openssl x509 -noout -fingerprint -sha256 -in /etc/xensource/xapi-ssl.pem),"
                + " register it with --tls pinned --tls-value " + fingerprint.get(), details);
    }
}
