package io.xenvlan.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A XenAPI error as the simulator raises it: a code such as {@code VLAN_TAG_INVALID} and its
 * string parameters, exactly what goes into the wire's ErrorDescription. The admin operations
 * of {@link PoolSimulator} throw it with the same codes a XenAPI client would see.
 */
public final class XenApiFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final List<String> params;

    public XenApiFailure(String code, List<String> params) {
        super(code + " " + params);
        this.code = code;
        this.params = List.copyOf(params);
    }

    public static XenApiFailure of(String code, Object... params) {
        List<String> strings = new ArrayList<>(params.length);
        for (Object p : params) {
            strings.add(String.valueOf(p));
        }
        return new XenApiFailure(code, strings);
    }

    /** The error code, e.g. {@code PIF_VLAN_EXISTS}. */
    public String code() {
        return code;
    }

    /** The error parameters, all strings. */
    public List<String> params() {
        return params;
    }

    /** Code followed by parameters: the ErrorDescription array of the wire. */
    public List<String> description() {
        List<String> all = new ArrayList<>(params.size() + 1);
        all.add(code);
        all.addAll(params);
        return all;
    }
}
