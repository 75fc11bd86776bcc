package io.xenvlan.sim.xapi;

import io.xenvlan.sim.MethodStats;
import io.xenvlan.sim.SimulatorStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Per-method call counts and server-side nanoseconds, updated without locks. */
final class CallStats {
    private final Map<String, LongAdder[]> byMethod = new ConcurrentHashMap<>();

    void record(String method, long nanos) {
        LongAdder[] pair = byMethod.computeIfAbsent(method, m -> new LongAdder[] {new LongAdder(), new LongAdder()});
        pair[0].increment();
        pair[1].add(nanos);
    }

    SimulatorStats snapshot() {
        Map<String, MethodStats> out = new LinkedHashMap<>();
        byMethod.forEach((m, pair) -> out.put(m, new MethodStats(pair[0].sum(), pair[1].sum())));
        return new SimulatorStats(out);
    }

    void reset() {
        byMethod.clear();
    }
}
