package io.xenvlan.store;

import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.StoredVif;
import io.xenvlan.core.hypervisor.VifState;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.ProjectId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Maps {@code xen_vifs} rows (joined with their pool's name) to {@link StoredVif}. */
final class VifRows {
    private VifRows() {}

    static StoredVif storedVif(ResultSet rs) throws SQLException {
        UUID uuid = rs.getObject("vif_uuid", UUID.class);
        PoolName pool = PoolName.of(rs.getString("pool_name"));
        InstanceId vm = InstanceId.of(rs.getString("vm_uuid"));
        Optional<MacAddress> mac = Jdbc.optionalLong(rs, "mac").map(MacAddress::new);
        Optional<Long> rate = Jdbc.optionalLong(rs, "rate_kbps");
        String vifRef = rs.getString("vif_ref");
        Optional<PlacedVif> placement = vifRef == null || mac.isEmpty() ? Optional.empty()
                : Optional.of(new PlacedVif(uuid, pool, vm, mac.get(), vifRef, rs.getString("network_ref"), rs.getString("device"),
                rs.getBoolean("plugged")));
        return new StoredVif(uuid, pool, vm, rs.getInt("nic"), VifState.parse(rs.getString("state")),
                Optional.ofNullable(rs.getString("project_id")).map(ProjectId::of), Jdbc.optionalLong(rs, "network_id"),
                Jdbc.optionalLong(rs, "address").map(Rows::address), mac,
                rate.map(OptionalLong::of).orElse(OptionalLong.empty()), "locked".equals(rs.getString("locking_mode")), placement,
                Jdbc.instant(rs, "created_at").orElseThrow());
    }

    /** The VM of a row's first column ({@code vm_uuid}): a VM uuid the store took as an instance id. */
    static InstanceId vm(ResultSet rs) throws SQLException {
        return InstanceId.of(rs.getString(1));
    }
}
