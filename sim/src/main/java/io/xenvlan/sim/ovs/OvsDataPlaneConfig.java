package io.xenvlan.sim.ovs;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to build an Open vSwitch data plane for a simulated pool.
 *
 * @param tag      prefix of every name it creates
 * @param workDir  where the switches' databases, sockets and logs go (a fresh directory; removed on close)
 * @param trunkNic the NIC of every host that is cabled to the trunk switch ({@code eth1}); the
 *                 other NICs get their bridge and no cable
 * @param trunk    an existing trunk switch to cable the hosts to; when empty the data plane
 *                 starts its own in namespace {@code <tag>-sw} with bridge {@code <tag>trunk}
 */
public record OvsDataPlaneConfig(RunTag tag, Path workDir, String trunkNic, Optional<TrunkSwitch> trunk) {

    public OvsDataPlaneConfig {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(trunk, "trunk");
        if (trunkNic == null || !trunkNic.matches("[a-z][a-z0-9]{0,14}")) {
            throw new IllegalArgumentException("trunk NIC must be an interface name like eth1, got " + trunkNic);
        }
    }

    /** Cable {@code eth1} to a switch of its own, files under {@code workDir}. */
    public static OvsDataPlaneConfig of(RunTag tag, Path workDir) {
        return new OvsDataPlaneConfig(tag, workDir, "eth1", Optional.empty());
    }

    public OvsDataPlaneConfig withTrunkNic(String nic) {
        return new OvsDataPlaneConfig(tag, workDir, nic, trunk);
    }

    OvsDataPlaneConfig withTrunk(TrunkSwitch existing) {
        return new OvsDataPlaneConfig(tag, workDir, trunkNic, Optional.of(existing));
    }
}
