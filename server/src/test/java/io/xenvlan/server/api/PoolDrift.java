package io.xenvlan.server.api;

import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.xenapi.client.Password;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.VlanRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiClientConfig;
import io.xenvlan.xenapi.client.XenApiException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Drift made on a simulated pool behind xenvlan's back, with raw XenAPI calls, for the audit tests. */
final class PoolDrift {
    private PoolDrift() {}

    /**
     * VLAN.destroy of one VLAN with the tag (its VLAN PIF goes with it) on a host where no VIF uses it; returns the name of
     * the host that lost it.
     */
    static String destroyOneVlanPif(PoolSimulator sim, long tag) {
        try (XenApiClient admin = XenApiClient.create(XenApiClientConfig.builder(sim.url(), "root",
                Password.of(SimulatorConfig.DEFAULT_PASSWORD)).build())) {
            for (Map.Entry<Ref<VlanRecord>, VlanRecord> vlan : admin.vlans().getAllRecords().entrySet()) {
                if (vlan.getValue().tag() != tag) {
                    continue;
                }
                String host = (String) sim.record(vlan.getValue().untaggedPif().value()).get("host");
                try {
                    admin.vlans().destroy(vlan.getKey());
                    return (String) sim.record(host).get("name_label");
                } catch (XenApiException e) {
                    if (!"VIF_IN_USE".equals(e.errorCode())) {
                        throw e;
                    }
                }
            }
            throw new IllegalStateException("no VLAN " + tag + " free of VIFs");
        }
    }

    /** The refs of the hosts that have a PIF with the tag. */
    static Set<Object> hostsWithVlan(PoolSimulator sim, long tag) {
        return sim.records("PIF").values().stream().filter(p -> Long.valueOf(tag).equals(p.get("VLAN")))
                .map(p -> p.get("host")).collect(Collectors.toSet());
    }
}
