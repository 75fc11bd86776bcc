package io.xenvlan.store;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Hands a network to another network node (the operator's move when a node is gone): records the
 * new node in {@code networks.host} with a fresh change stamp, so the new node's next poll claims
 * it. The old node is not told; hand over only networks whose node is really gone.
 */
public final class NetworkHandover {
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    private final DataSource dataSource;

    public NetworkHandover(JdbcStore store) {
        this.dataSource = store.dataSource();
    }

    /**
     * @throws InvalidInputException naming {@code node} for a malformed node name
     * @throws NotFoundException when the network does not exist
     * @throws ConflictException when the network has no project (no node serves it)
     */
    public void handOver(long networkId, String node) {
        if (node == null || !NODE.matcher(node).matches()) {
            throw new InvalidInputException("node", "node-name", "node: must be 1-64 of A-Z a-z 0-9 _ . -");
        }
        try (Connection c = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(c.getMetaData().getURL());
            try (PreparedStatement ps = c.prepareStatement("UPDATE networks SET host = ?, lease_epoch = lease_epoch + 1, change_seq = " + dialect.stamp()
                    + " WHERE id = ? AND project_id IS NOT NULL")) {
                ps.setString(1, node);
                ps.setLong(2, networkId);
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM networks WHERE id = ?")) {
                ps.setLong(1, networkId);
                if (!ps.executeQuery().next()) {
                    throw new NotFoundException("network", Long.toString(networkId));
                }
            }
            throw new ConflictException("network " + networkId + " has no project, so no node serves it",
                    Map.of("network_id", networkId));
        } catch (SQLException e) {
            throw SqlErrors.failure(e);
        }
    }
}
