package io.xenvlan.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulator's clients did: calls and server-side time per method ({@code VLAN.create},
 * {@code Async.VLAN.create}; unknown methods under {@code (unknown)}). {@code GET /stats}
 * serves it as JSON.
 */
public record SimulatorStats(Map<String, MethodStats> methods) {
    public SimulatorStats {
        methods = java.util.Collections.unmodifiableMap(new TreeMap<>(methods));
    }

    /** Calls of {@code method}, 0 when never called. */
    public long calls(String method) {
        MethodStats s = methods.get(method);
        return s == null ? 0 : s.calls();
    }

    public long totalCalls() {
        return methods.values().stream().mapToLong(MethodStats::calls).sum();
    }
}
