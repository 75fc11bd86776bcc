package io.xenvlan.lab.demo;

import io.xenvlan.server.render.Table;
import java.util.Comparator;
import java.util.List;

/** The table a newcomer reads: which VM of which project sits on which VLAN, bridge and host, with what MAC and IP. */
public final class Topology {
    private Topology() {}

    public static Table table(List<AttachedVm> vms) {
        Table t = new Table("PROJECT", "VLAN", "BRIDGE", "XENAPI NETWORK", "HOST", "VM", "MAC", "IP");
        vms.stream().sorted(Comparator.comparing((AttachedVm a) -> a.vm().project()).thenComparing(a -> a.vm().name()))
                .forEach(a -> t.row(a.vm().project(), a.network().vlan(), a.network().bridge(),
                        a.xenBridge() + " " + shortRef(a.xenNetworkRef()), a.vm().hostName(), a.vm().name(), a.mac(),
                        a.address()));
        return t;
    }

    static String shortRef(String ref) {
        return ref.length() > 23 ? ref.substring(0, 23) + "…" : ref;
    }
}
