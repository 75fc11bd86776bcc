package io.xenvlan.store;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** The networks created {@code --auto-floating}: every attach on them also gets a floating IP. */
final class FloatingAutoNetworks {
    private final Transactions tx;

    FloatingAutoNetworks(Transactions tx) {
        this.tx = tx;
    }

    void setAutoFloating(Collection<Long> networkIds, boolean auto) {
        tx.unstamped(c -> {
            for (long id : networkIds) {
                if (auto) {
                    Jdbc.update(c, "INSERT INTO floating_auto_networks (network_id) SELECT ? FROM (VALUES (0)) AS one (x)"
                            + " WHERE NOT EXISTS (SELECT 1 FROM floating_auto_networks WHERE network_id = ?)", id, id);
                } else {
                    Jdbc.update(c, "DELETE FROM floating_auto_networks WHERE network_id = ?", id);
                }
            }
            return null;
        });
    }

    Set<Long> autoFloatingNetworks() {
        return tx.unstamped(c -> new TreeSet<>(Jdbc.list(c, "SELECT network_id FROM floating_auto_networks", rs -> rs.getLong(1))));
    }
}
