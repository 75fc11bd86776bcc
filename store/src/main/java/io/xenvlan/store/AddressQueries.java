package io.xenvlan.store;

import static io.xenvlan.store.Rows.FIXED_IP_COLUMNS;

import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.AddressFilter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Listing addresses. Only addresses in use have rows; a listing of every address of a network
 * fills the free ones in, as the old pre-populated table listed them.
 */
final class AddressQueries {
    private final Transactions tx;

    AddressQueries(Transactions tx) {
        this.tx = tx;
    }

    List<FixedIp> addresses(AddressFilter f) {
        return tx.unstamped(c -> {
            boolean scoped = f.networkId().isPresent() || f.project().isPresent();
            List<Network> scope = scoped ? scope(c, f) : Jdbc.list(c, "SELECT " + Rows.NETWORK_COLUMNS
                    + " FROM networks ORDER BY first_address", Rows::network);
            StringBuilder sql = new StringBuilder("SELECT " + FIXED_IP_COLUMNS + " FROM fixed_ips WHERE 1 = 1");
            List<Object> params = new ArrayList<>();
            if (scoped) {
                if (scope.isEmpty()) {
                    return List.of();
                }
                sql.append(" AND address BETWEEN ? AND ?");
                params.add(Rows.value(scope.get(0).cidr().network()));
                params.add(Rows.value(scope.get(0).cidr().broadcast()));
            }
            f.instance().ifPresent(i -> {
                sql.append(" AND instance_id = ? AND allocated = TRUE");
                params.add(i.value());
            });
            if (f.inUse()) {
                sql.append(" AND (allocated = TRUE OR leased = TRUE)");
            }
            sql.append(" ORDER BY address");
            List<FixedIp> rows = Jdbc.list(c, sql.toString(), Rows::fixedIp, params.toArray());
            return f.inUse() || f.instance().isPresent() ? rows : withFreeAddresses(scope, rows);
        });
    }

    /** The one network the filter names (by id and/or project), or none. */
    private static List<Network> scope(Connection c, AddressFilter f) throws SQLException {
        Optional<Network> n = f.networkId().isPresent() ? NetworkStatements.byId(c, f.networkId().get())
                : NetworkStatements.ofProject(c, f.project().orElseThrow(), "");
        return n.filter(net -> f.project().map(p -> net.project().filter(p::equals).isPresent()).orElse(true))
                .map(List::of).orElse(List.of());
    }

    /** Every address of the networks (ordered by first address), rows where there are, free entries elsewhere. */
    private static List<FixedIp> withFreeAddresses(List<Network> networks, List<FixedIp> rows) {
        List<FixedIp> out = new ArrayList<>();
        int next = 0;
        for (Network n : networks) {
            long first = Rows.value(n.cidr().network());
            long last = Rows.value(n.cidr().broadcast());
            while (next < rows.size() && Rows.value(rows.get(next).address()) < first) {
                out.add(rows.get(next++)); // a row outside every network (none is expected)
            }
            for (long a = first; a <= last; a++) {
                if (next < rows.size() && Rows.value(rows.get(next).address()) == a) {
                    out.add(rows.get(next++));
                } else {
                    out.add(new FixedIp(n.id(), Rows.address(a), false, false, false, Optional.empty(), Optional.empty(), Optional.empty()));
                }
            }
        }
        while (next < rows.size()) {
            out.add(rows.get(next++));
        }
        return out;
    }
}
