package io.xenvlan.netnode;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the node's self-check: runs by outcome, findings put right by kind. */
public final class NodeCheckStats {
    private final Map<NodeCheck.Outcome, AtomicLong> checks = new EnumMap<>(NodeCheck.Outcome.class);
    private final Map<NodeFinding.Kind, AtomicLong> repairs = new EnumMap<>(NodeFinding.Kind.class);

    NodeCheckStats() {
        for (NodeCheck.Outcome o : NodeCheck.Outcome.values()) {
            checks.put(o, new AtomicLong());
        }
        for (NodeFinding.Kind k : NodeFinding.Kind.values()) {
            repairs.put(k, new AtomicLong());
        }
    }

    void checked(NodeCheck.Outcome outcome) {
        checks.get(outcome).incrementAndGet();
    }

    void repaired(NodeFinding.Kind kind) {
        repairs.get(kind).incrementAndGet();
    }

    /** Runs that ended with {@code outcome}. */
    public long checks(NodeCheck.Outcome outcome) {
        return checks.get(outcome).get();
    }

    /** Findings of {@code kind} that a repair put right. */
    public long repairs(NodeFinding.Kind kind) {
        return repairs.get(kind).get();
    }
}
