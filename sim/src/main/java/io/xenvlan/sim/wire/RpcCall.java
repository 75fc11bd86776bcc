package io.xenvlan.sim.wire;

import java.util.List;

/**
 * A decoded call: the method name as sent and the positional parameters as plain Java values
 * (String, Long, Boolean, Double, Instant, List, Map with String keys, or null for nil).
 */
public record RpcCall(String method, List<Object> params) {
}
