package io.xenvlan.lab.demo;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.sim.ovs.Prerequisites;
import io.xenvlan.sim.ovs.Prerequisites.Tool;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to build a real data plane on a machine that cannot run one, saying what to install:
 * root, and the programs of the given groups with their Debian packages.
 */
public final class DataplaneRequirements {
    /** A network node with floating IPs: nftables, conntrack, arping; and busybox's nc for the outside host's probes. */
    public static final List<Tool> FLOATING = List.of(new Tool("nft", "nftables"), new Tool("conntrack", "conntrack"),
            new Tool("arping", "arping"), new Tool("busybox", "busybox"));

    private DataplaneRequirements() {}

    /**
     * @param what   what needs them, for the message ("--datapath ovs")
     * @param groups the tool groups of {@link Prerequisites}
     * @throws BackendFailureException {@code DATAPLANE_PREREQUISITES} with the missing Debian packages as parameters
     */
    @SafeVarargs
    public static void check(String what, List<Tool>... groups) {
        List<Tool> missing = Prerequisites.missing(groups);
        boolean root = Prerequisites.root();
        if (missing.isEmpty() && root) {
            return;
        }
        List<String> packages = Prerequisites.packages(missing);
        List<String> problems = new ArrayList<>();
        if (!root) {
            problems.add("it must run as root (network namespaces and Open vSwitch need it)");
        }
        if (!missing.isEmpty()) {
            problems.add("missing " + String.join(", ", missing.stream().map(Tool::command).toList())
                    + "; install them with: apt-get install -y " + String.join(" ", packages));
        }
        throw new BackendFailureException("data plane", "DATAPLANE_PREREQUISITES", packages,
                what + " builds a real data plane (Open vSwitch, namespaces): " + String.join("; ", problems), null);
    }
}
