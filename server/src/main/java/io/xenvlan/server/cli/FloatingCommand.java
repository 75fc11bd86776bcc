package io.xenvlan.server.cli;

import io.xenvlan.server.client.RemoteFloatingBackend;
import io.xenvlan.server.local.StoreTurn;
import io.xenvlan.server.render.AssociatedView;
import io.xenvlan.server.render.FloatingIpView;
import io.xenvlan.server.render.FloatingPoolView;
import io.xenvlan.server.render.FloatingViews;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xenvlan floating ...}: pools of public addresses, floating IPs of projects, their ingress rules. */
@Command(name = "floating", mixinStandardHelpOptions = true,
        description = "Floating IPs: public addresses a project holds and associates 1:1 (NAT on the network node) with a VM.",
        subcommands = {FloatingCommand.Create.class, FloatingCommand.Delete.class, FloatingCommand.Pools.class,
                FloatingCommand.ListIps.class, FloatingCommand.Allocate.class, FloatingCommand.Associate.class,
                FloatingCommand.Disassociate.class, FloatingCommand.Release.class, FloatingRuleCommand.class})
final class FloatingCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The server given by {@code --server}, the process holding the embedded store, or the store directly. */
    static FloatingBackend backend(GlobalOptions global) {
        if (global.server != null && !global.server.isBlank()) {
            return new RemoteFloatingBackend(global.apiClient());
        }
        StoreTurn turn = global.turn();
        if (turn instanceof StoreTurn.Held held) {
            return new RemoteFloatingBackend(held.client());
        }
        return new LocalFloatingBackend(((StoreTurn.Opened) turn).store());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a pool of public addresses (at most a /16; it may overlap no network and no other pool).")
    static final class Create implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--range", required = true, paramLabel = "CIDR", description = "the addresses, e.g. 203.0.113.0/24") String range;
        @Option(names = "--pool", required = true, paramLabel = "NAME", description = "the pool's name") String pool;
        @Option(names = "--interface", paramLabel = "IF",
                description = "the network node's public interface for this pool (default: netnode.public-interface)") String iface;

        @Override
        public void run() {
            try (FloatingBackend backend = backend(global)) {
                FloatingPoolView created = backend.createPool(pool, range, Optional.ofNullable(iface));
                Output.print(spec.commandLine().getOut(), global, created,
                        () -> FloatingViews.poolTable(List.of(created)), "");
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a pool (refused while projects hold its addresses).")
    static final class Delete implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--pool", required = true, paramLabel = "NAME") String pool;

        @Override
        public void run() {
            try (FloatingBackend backend = backend(global)) {
                FloatingPoolView gone = backend.deletePool(pool);
                Output.print(spec.commandLine().getOut(), global, gone, () -> FloatingViews.poolTable(List.of(gone)), "");
            }
        }
    }

    @Command(name = "pools", mixinStandardHelpOptions = true, description = "List the pools with their usage.")
    static final class Pools implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;

        @Override
        public void run() {
            try (FloatingBackend backend = backend(global)) {
                List<FloatingPoolView> pools = backend.pools();
                Output.print(spec.commandLine().getOut(), global, pools,
                        () -> FloatingViews.poolTable(pools), "no floating pools");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the floating IPs projects hold.")
    static final class ListIps implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--pool", paramLabel = "NAME", description = "only this pool's") String pool;
        @Option(names = "--project", paramLabel = "P", description = "only this project's") String project;

        @Override
        public void run() {
            try (FloatingBackend backend = backend(global)) {
                List<FloatingIpView> ips = backend.list(Optional.ofNullable(pool), Optional.ofNullable(project));
                Output.print(spec.commandLine().getOut(), global, ips,
                        () -> FloatingViews.floatingIpTable(ips), "no floating IPs");
            }
        }
    }

    @Command(name = "allocate", mixinStandardHelpOptions = true,
            description = "Give a project a floating IP (within its quota, quota.floating-ips, default 10).")
    static final class Allocate implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--project", required = true, paramLabel = "P") String project;
        @Option(names = "--pool", paramLabel = "NAME", description = "from this pool (default: any, by name)") String pool;

        @Override
        public void run() {
            try (FloatingBackend backend = backend(global)) {
                FloatingIpView ip = backend.allocate(project, Optional.ofNullable(pool));
                printIp(spec, global, ip);
            }
        }
    }

    @Command(name = "associate", mixinStandardHelpOptions = true,
            description = "Point a floating IP at a VM of its project; one associated elsewhere moves (and says so).")
    static final class Associate implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--address", required = true, paramLabel = "FIP", description = "the floating IP") String address;
        @ArgGroup(exclusive = true, multiplicity = "1") Target target;

        static final class Target {
            @Option(names = "--vm", paramLabel = "VM-UUID", description = "the VM (its xenvlan address)") String vm;
            @Option(names = "--fixed-address", paramLabel = "A", description = "a fixed address a VM of the project holds") String fixed;
        }

        @Override
        public void run() {
            try (FloatingBackend backend = backend(global)) {
                AssociatedView a = backend.associate(address, Optional.ofNullable(target.vm), Optional.ofNullable(target.fixed));
                PrintWriter out = spec.commandLine().getOut();
                if (!global.json() && a.movedFrom() != null) {
                    out.println("moved " + a.floatingIp().address() + " from " + a.movedFrom() + " to " + a.floatingIp().fixedAddress());
                }
                Output.print(out, global, a, () -> FloatingViews.floatingIpTable(List.of(a.floatingIp())), "");
            }
        }
    }

    /** A command on one floating IP ({@code --address}) that prints it afterwards. */
    abstract static class OnAddress implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--address", required = true, paramLabel = "FIP", description = "the floating IP") String address;

        abstract FloatingIpView apply(FloatingBackend backend, String fip);

        @Override
        public void run() {
            try (FloatingBackend backend = backend(global)) {
                printIp(spec, global, apply(backend, address));
            }
        }
    }

    @Command(name = "disassociate", mixinStandardHelpOptions = true, description = "Take a floating IP off its VM (the project keeps it).")
    static final class Disassociate extends OnAddress {
        @Override
        FloatingIpView apply(FloatingBackend backend, String fip) {
            return backend.disassociate(fip);
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Give a floating IP back to its pool (disassociating it first).")
    static final class Release extends OnAddress {
        @Override
        FloatingIpView apply(FloatingBackend backend, String fip) {
            return backend.release(fip);
        }
    }

    static void printIp(CommandSpec spec, GlobalOptions global, FloatingIpView ip) {
        Output.print(spec.commandLine().getOut(), global, ip, () -> FloatingViews.floatingIpTable(List.of(ip)), "");
    }
}
