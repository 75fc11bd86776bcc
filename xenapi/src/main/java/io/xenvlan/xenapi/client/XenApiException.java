package io.xenvlan.xenapi.client;

import io.xenvlan.core.error.XenvlanException;
import java.util.List;
import java.util.Map;

/**
 * The one exception the XenAPI client throws. A failure reported by the pool keeps its XenAPI
 * error code and parameters unchanged ({@code VLAN_TAG_INVALID [5000]}); a failure on the
 * client's side of the wire gets a code of its own, all starting with {@code XENVLAN_}
 * (see the constants), so callers can tell "the pool said no" from "we never heard back".
 */
public final class XenApiException extends XenvlanException {
    /** Nobody accepted the connection (refused, unreachable): the request never left. Params: method, endpoint, reason. */
    public static final String CONNECT_FAILED = "XENVLAN_CONNECT_FAILED";
    /** Connecting to the pool took longer than the connect timeout. Params: endpoint. */
    public static final String CONNECT_TIMEOUT = "XENVLAN_CONNECT_TIMEOUT";
    /** No reply within the request timeout. Params: method, endpoint, timeout. */
    public static final String TIMEOUT = "XENVLAN_TIMEOUT";
    /** Connection reset, unknown host and other I/O failures. Params: method, endpoint, reason. */
    public static final String TRANSPORT_FAILED = "XENVLAN_TRANSPORT_FAILED";
    /** The TLS handshake failed (untrusted certificate, pin mismatch ...). Params: endpoint, reason. */
    public static final String TLS_FAILED = "XENVLAN_TLS_FAILED";
    /** The server answered with an HTTP status other than 200. Params: method, endpoint, status. */
    public static final String HTTP_STATUS = "XENVLAN_HTTP_STATUS";
    /** The reply is not a JSON-RPC reply we can read (garbage, wrong id, too large). Params: method, reason. */
    public static final String BAD_REPLY = "XENVLAN_BAD_REPLY";
    /** HOST_IS_SLAVE redirects went round in circles. Params: the endpoints visited. */
    static final String TOO_MANY_REDIRECTS = "XENVLAN_TOO_MANY_REDIRECTS";
    /** The calling thread was interrupted while waiting for the pool. Params: method. */
    public static final String INTERRUPTED = "XENVLAN_INTERRUPTED";
    /** The client was closed. Params: method. */
    public static final String CLIENT_CLOSED = "XENVLAN_CLIENT_CLOSED";

    private final String errorCode;
    private final List<String> params;

    XenApiException(String errorCode, List<String> params) {
        this(errorCode, params, null);
    }

    public XenApiException(String errorCode, List<String> params, Throwable cause) {
        super(errorCode + " " + params,
                Map.of("backend", "xenapi", "error_code", errorCode, "error_params", List.copyOf(params)),
                cause);
        this.errorCode = errorCode;
        this.params = List.copyOf(params);
    }

    /** The XenAPI error code ({@code HANDLE_INVALID}) or one of the client's own {@code XENVLAN_*} codes. */
    public String errorCode() {
        return errorCode;
    }

    /** The error's parameters, exactly as the pool sent them. */
    public List<String> params() {
        return params;
    }

    /** The parameter at {@code index}, or "" when the pool sent fewer. */
    public String param(int index) {
        return index < params.size() ? params.get(index) : "";
    }

    /** True when the request certainly never reached the pool (connect refused or timed out). */
    boolean neverSent() {
        return CONNECT_FAILED.equals(errorCode) || CONNECT_TIMEOUT.equals(errorCode);
    }

    /** True when the failure happened on the client's side of the wire (no XenAPI error code). */
    public boolean isClientSide() {
        return errorCode.startsWith("XENVLAN_");
    }

    /** Same category as core's BackendFailureException, so the server maps both alike. */
    @Override
    public String code() {
        return "backend_failure";
    }
}
