package io.xenvlan.server.cli;

import io.xenvlan.server.local.LocalAnswers;
import io.xenvlan.server.local.StoreTurn;
import io.xenvlan.server.render.AllocationView;
import io.xenvlan.server.render.FixedIpView;
import io.xenvlan.server.render.Table;
import io.xenvlan.server.render.Views;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xenvlan address allocate|release|list|reclaim}. */
@Command(name = "address", description = "Allocate and release fixed IPs (with a VIF and a unique MAC).", mixinStandardHelpOptions = true,
        subcommands = {AddressCommand.Allocate.class, AddressCommand.Release.class, AddressCommand.ListAddresses.class,
                AddressCommand.Reclaim.class})
final class AddressCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "allocate", mixinStandardHelpOptions = true,
            description = "Allocate a fixed IP and a MAC for an instance; the project gets a network on its first allocation.")
    static final class Allocate implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--project", required = true) String project;
        @Option(names = "--instance", required = true, description = "instance (VM) id") String instance;
        @Option(names = "--address", description = "a specific free address of the project's network") String address;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                AllocationView a = backend.allocate(project, instance, Optional.ofNullable(address));
                Output.print(spec.commandLine().getOut(), global, a, () -> Views.allocationTable(List.of(a)), "");
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Release an address (or all of an instance's); it is free again once dnsmasq drops the lease "
                    + "or the stale timeout (600 s) passed.")
    static final class Release implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @ArgGroup(exclusive = true, multiplicity = "1") Target target;

        static final class Target {
            @Option(names = "--address") String address;
            @Option(names = "--instance") String instance;
        }

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                Backend manager = backend;
                List<FixedIpView> released = target.address != null
                        ? List.of(manager.release(target.address))
                        : manager.releaseInstance(target.instance);
                Output.print(spec.commandLine().getOut(), global, released, () -> Views.fixedIpTable(released), "");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List addresses in use (allocated or leased).")
    static final class ListAddresses implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--network", description = "only this network (id, label, uuid or bridge)") String network;
        @Option(names = "--project", description = "only this project's network") String project;
        @Option(names = "--all", description = "every address, free and reserved ones too") boolean all;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                List<FixedIpView> ips = backend.addresses(Optional.ofNullable(network), Optional.ofNullable(project), all);
                Output.print(spec.commandLine().getOut(), global, ips, () -> Views.fixedIpTable(ips), "no addresses in use");
            }
        }
    }

    @Command(name = "reclaim", mixinStandardHelpOptions = true,
            description = "Free released addresses whose lease outlived the stale timeout.")
    static final class Reclaim implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;

        @Override
        public void run() {
            try (StoreTurn turn = global.turn()) {
                LocalAnswers.Freed freed = turn instanceof StoreTurn.Held held
                        ? held.client().post("/local/addresses/reclaim", Map.of(), LocalAnswers.Freed.class)
                        : new LocalAnswers.Freed(GlobalOptions.manager(((StoreTurn.Opened) turn).store()).reclaimStale());
                Output.print(spec.commandLine().getOut(), global, freed, () -> new Table("FREED").row(freed.freed()), "");
            }
        }
    }
}
