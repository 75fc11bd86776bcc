package io.xenvlan.store;

import static io.xenvlan.store.FloatingRows.RULE_COLUMNS;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PortRange;
import io.xenvlan.core.value.ProjectId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The projects' ingress rules. */
final class FloatingRuleStatements {
    private final Transactions tx;
    private final Clock clock;

    FloatingRuleStatements(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    IngressRule add(IngressRule rule) {
        int first = rule.ports().map(PortRange::first).orElse(0);
        int last = rule.ports().map(PortRange::last).orElse(0);
        return tx.unstamped(c -> {
            Optional<Long> same = Jdbc.first(c, "SELECT id FROM floating_rules WHERE project_id = ? AND protocol = ? AND port_first = ?"
                    + " AND port_last = ? AND source = ?", rs -> rs.getLong(1), rule.project().value(), rule.protocol().wireName(), first,
                    last, rule.from().toString());
            if (same.isPresent()) {
                throw new ConflictException("rule: project " + rule.project() + " has this rule already (id " + same.get() + ")",
                        Map.of("field", "rule", "rule", "unique", "id", same.get()));
            }
            long id = Jdbc.insertReturningId(c, "INSERT INTO floating_rules (project_id, protocol, port_first, port_last, source,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?)", rule.project().value(), rule.protocol().wireName(), first, last,
                    rule.from().toString(), clock.instant());
            FloatingRows.bump(c);
            return rule.withId(id);
        });
    }

    List<IngressRule> list(Optional<ProjectId> project) {
        return tx.unstamped(c -> rules(c, project));
    }

    static List<IngressRule> rules(Connection c, Optional<ProjectId> project) throws SQLException {
        return project.isPresent()
                ? Jdbc.list(c, "SELECT " + RULE_COLUMNS + " FROM floating_rules WHERE project_id = ? ORDER BY id", FloatingRows::rule,
                        project.get().value())
                : Jdbc.list(c, "SELECT " + RULE_COLUMNS + " FROM floating_rules ORDER BY id", FloatingRows::rule);
    }

    IngressRule delete(long id) {
        return tx.unstamped(c -> {
            IngressRule rule = Jdbc.first(c, "SELECT " + RULE_COLUMNS + " FROM floating_rules WHERE id = ? FOR UPDATE", FloatingRows::rule,
                    id).orElseThrow(() -> new NotFoundException("rule", Long.toString(id)));
            Jdbc.update(c, "DELETE FROM floating_rules WHERE id = ?", id);
            FloatingRows.bump(c);
            return rule;
        });
    }
}
