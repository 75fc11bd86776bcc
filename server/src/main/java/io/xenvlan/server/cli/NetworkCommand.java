package io.xenvlan.server.cli;

import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.server.render.NetworkView;
import io.xenvlan.server.render.Views;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xenvlan network create|list|show|delete}. */
@Command(name = "network", description = "Create, list, show and delete VLAN networks.", mixinStandardHelpOptions = true,
        subcommands = {NetworkCommand.Create.class, NetworkCommand.ListNetworks.class, NetworkCommand.Show.class,
                NetworkCommand.Delete.class})
final class NetworkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Carve N networks of S addresses out of a range, one VLAN each (bridge br<vlan>).")
    static final class Create implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--label", required = true, description = "label (suffixed _1.._N when N > 1)") String label;
        @Option(names = "--cidr", required = true, description = "the address range, e.g. 10.0.0.0/16") String cidr;
        @Option(names = "--num-networks", defaultValue = "1", description = "how many networks (default ${DEFAULT-VALUE})") int numNetworks;
        @Option(names = "--network-size", defaultValue = "256", description = "addresses per network, a power of two >= 8 (default ${DEFAULT-VALUE})") int networkSize;
        @Option(names = "--vlan-start", defaultValue = "100", description = "first VLAN; tags in use are skipped (default ${DEFAULT-VALUE})") int vlanStart;
        @Option(names = "--vlan", description = "exact VLAN (only with one network)") Integer vlan;
        @Option(names = "--bridge", description = "bridge name instead of br<vlan> (only with one network)") String bridge;
        @Option(names = "--bridge-interface", defaultValue = "eth1", description = "trunk interface (default ${DEFAULT-VALUE})") String bridgeInterface;
        @Option(names = "--gateway", description = "gateway (default: first host address; only with one network)") String gateway;
        @Option(names = "--dns1") String dns1;
        @Option(names = "--dns2") String dns2;
        @Option(names = "--dns-domain", paramLabel = "D",
                description = "the networks' DNS domain: VMs resolve as <hostname>.D (default <label>.<netnode.dns-domain>)")
        String dnsDomain;
        @Option(names = "--mtu", defaultValue = "1500", description = "MTU (default ${DEFAULT-VALUE})") int mtu;
        @Option(names = "--project", description = "owner project (only with one network)") String project;
        @Option(names = "--auto-floating", description = "every attach on these networks also gets a floating IP, released on detach")
        boolean autoFloating;

        @Override
        public void run() {
            NetworkRequest request = new NetworkRequest(label, cidr, numNetworks, networkSize, vlanStart, Optional.ofNullable(vlan),
                    Optional.ofNullable(bridge), bridgeInterface, Optional.ofNullable(gateway), Optional.ofNullable(dns1),
                    Optional.ofNullable(dns2), mtu, Optional.ofNullable(project), Optional.ofNullable(dnsDomain));
            try (Backend backend = global.backend()) {
                List<NetworkView> created = backend.createNetworks(request, autoFloating);
                Output.print(spec.commandLine().getOut(), global, created, () -> Views.networkTable(created), "");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every network.")
    static final class ListNetworks implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                List<NetworkView> all = backend.networks();
                Output.print(spec.commandLine().getOut(), global, all, () -> Views.networkTable(all), "no networks");
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one network.")
    static final class Show implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NETWORK", description = "id, label, uuid or bridge") String ref;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                NetworkView n = backend.network(ref);
                Output.print(spec.commandLine().getOut(), global, n, () -> Views.networkDetails(n), "");
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a network (refused while addresses are allocated).")
    static final class Delete implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NETWORK", description = "id, label, uuid or bridge") String ref;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                NetworkView n = backend.deleteNetwork(ref);
                Output.print(spec.commandLine().getOut(), global, n, () -> Views.networkTable(List.of(n)), "");
            }
        }
    }
}
