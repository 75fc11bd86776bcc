package io.xenvlan.server.cli;

import io.xenvlan.server.render.NetworkView;
import io.xenvlan.server.render.Views;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xenvlan project associate|disassociate}. */
@Command(name = "project", description = "Give a project its network, or take it away.", mixinStandardHelpOptions = true,
        subcommands = {ProjectCommand.Associate.class, ProjectCommand.Disassociate.class})
final class ProjectCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "associate", mixinStandardHelpOptions = true,
            description = "Give the project a network: the given one, or the free one with the lowest VLAN.")
    static final class Associate implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--project", required = true) String project;
        @Option(names = "--network", description = "id, label, uuid or bridge of a free network") String network;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                NetworkView n = backend.associate(project, Optional.ofNullable(network));
                Output.print(spec.commandLine().getOut(), global, n, () -> Views.networkTable(List.of(n)), "");
            }
        }
    }

    @Command(name = "disassociate", mixinStandardHelpOptions = true,
            description = "Take the network away from the project (refused while addresses are allocated).")
    static final class Disassociate implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--project", required = true) String project;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                NetworkView n = backend.disassociate(project);
                Output.print(spec.commandLine().getOut(), global, n, () -> Views.networkTable(List.of(n)), "");
            }
        }
    }
}
