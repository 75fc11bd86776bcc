package io.xenvlan.sim.ovs;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Network;
import com.xensource.xenapi.PIF;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VIF;
import com.xensource.xenapi.VM;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimHost;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The published SDK's calls the data-plane tests make: a network, its trunk PIFs, a VM with a VIF on it, started. */
final class SdkCalls {
    private final PoolSimulator sim;
    private final Connection c;

    SdkCalls(PoolSimulator sim, Connection c) {
        this.sim = sim;
        this.c = c;
    }

    Network createNetwork(String name) throws Exception {
        Network.Record r = new Network.Record();
        r.nameLabel = name;
        r.nameDescription = "";
        r.otherConfig = new HashMap<>();
        r.managed = true;
        r.MTU = 1500L;
        r.defaultLockingMode = Types.NetworkDefaultLockingMode.UNLOCKED;
        return Network.create(c, r);
    }

    List<PIF> trunkPifs() throws Exception {
        return PIF.getAllRecords(c).entrySet().stream()
                .filter(e -> e.getValue().device.equals("eth1") && e.getValue().VLAN == -1L)
                .map(Map.Entry::getKey).toList();
    }

    /** A new VM with VIF device 1 on {@code network} (locked to {@code ipv4Allowed} when given), started on {@code host}. */
    VM vmWithVif(String name, Network network, String mac, SimHost host, Types.VifLockingMode locking,
                 Set<String> ipv4Allowed) throws Exception {
        VM vm = Types.toVM(sim.addVm(name));
        VIF.Record r = new VIF.Record();
        r.VM = vm;
        r.network = network;
        r.device = "1";
        r.MAC = mac;
        r.MTU = 1500L;
        r.otherConfig = new HashMap<>();
        r.qosAlgorithmType = "";
        r.qosAlgorithmParams = new HashMap<>();
        r.lockingMode = locking;
        r.ipv4Allowed = ipv4Allowed;
        r.ipv6Allowed = Set.of();
        VIF.create(c, r);
        vm.startOn(c, Types.toHost(host.ref()), false, false);
        return vm;
    }

    VM vmWithVif(String name, Network network, String mac, SimHost host) throws Exception {
        return vmWithVif(name, network, mac, host, Types.VifLockingMode.NETWORK_DEFAULT, Set.of());
    }

    /** The VM's VIF with device 1. */
    VIF vif(VM vm) throws Exception {
        for (VIF vif : vm.getVIFs(c)) {
            if (vif.getDevice(c).equals("1")) {
                return vif;
            }
        }
        throw new AssertionError("no VIF 1 on " + vm.getNameLabel(c));
    }
}
