package io.xenvlan.store;

import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.NodeFloatingState;
import io.xenvlan.core.floating.ServedFloatingIp;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.ProjectId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What network nodes read: the version they poll and, per node, the associations on the networks it serves. */
final class FloatingNodeQueries {
    private final Transactions tx;

    FloatingNodeQueries(Transactions tx) {
        this.tx = tx;
    }

    long version() {
        return tx.unstamped(FloatingRows::version);
    }

    NodeFloatingState state(String node) {
        return tx.unstamped(c -> {
            long version = FloatingRows.version(c);
            List<FloatingPool> pools = Jdbc.list(c, "SELECT " + FloatingRows.POOL_COLUMNS + " FROM floating_pools p ORDER BY p.name",
                    FloatingRows::pool);
            List<ServedFloatingIp> served = Jdbc.list(c, "SELECT f.address, f.fixed_address, f.project_id, f.network_id, p.interface"
                    + " FROM floating_ips f JOIN floating_pools p ON p.id = f.pool_id JOIN networks n ON n.id = f.network_id"
                    + " WHERE n.host = ? ORDER BY f.address", rs -> new ServedFloatingIp(Rows.address(rs.getLong(1)),
                    Rows.address(rs.getLong(2)), new ProjectId(rs.getString(3)), rs.getLong(4),
                    Optional.ofNullable(rs.getString(5)).map(InterfaceName::new)), node);
            Set<ProjectId> projects = served.stream().map(ServedFloatingIp::project).collect(Collectors.toSet());
            Map<ProjectId, List<IngressRule>> rules = new LinkedHashMap<>();
            projects.forEach(p -> rules.put(p, new java.util.ArrayList<>()));
            for (IngressRule rule : FloatingRuleStatements.rules(c, Optional.empty())) {
                if (projects.contains(rule.project())) {
                    rules.get(rule.project()).add(rule);
                }
            }
            return new NodeFloatingState(version, pools, served, rules);
        });
    }
}
