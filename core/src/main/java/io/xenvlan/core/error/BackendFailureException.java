package io.xenvlan.core.error;

import java.util.List;
import java.util.Map;

/**
 * A backend (a XenAPI pool, the network node's tools) failed. Carries the backend's own error
 * code and parameters unchanged, e.g. {@code VLAN_TAG_INVALID [5000]}. HTTP 502 / exit 6.
 */
public final class BackendFailureException extends XenvlanException {
    private final String backend;
    private final String errorCode;
    private final List<String> params;

    public BackendFailureException(String backend, String errorCode, List<String> params, String message, Throwable cause) {
        super(message, Map.of("backend", backend, "error_code", errorCode, "error_params", List.copyOf(params)), cause);
        this.backend = backend;
        this.errorCode = errorCode;
        this.params = List.copyOf(params);
    }

    public String backend() {
        return backend;
    }

    /** The backend's own error code, e.g. a XenAPI code such as {@code HOST_IS_SLAVE}. */
    public String errorCode() {
        return errorCode;
    }

    public List<String> params() {
        return params;
    }

    @Override
    public String code() {
        return "backend_failure";
    }
}
