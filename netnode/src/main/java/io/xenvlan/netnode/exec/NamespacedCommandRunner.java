package io.xenvlan.netnode.exec;

import io.xenvlan.core.netnode.NamespaceName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs every command of another runner inside one network namespace. Used where a namespace plays
 * a machine's root namespace: the simulated trunk switch of the demo and the test data plane, whose
 * private ovs-vswitchd and root-side veth ends live there, so nothing touches the real root namespace.
 */
public final class NamespacedCommandRunner implements CommandRunner {
    private final CommandRunner inner;
    private final NamespaceName namespace;

    public NamespacedCommandRunner(CommandRunner inner, NamespaceName namespace) {
        this.inner = inner;
        this.namespace = namespace;
    }

    @Override
    public boolean executes() {
        return inner.executes();
    }

    @Override
    public CommandResult run(Command command) {
        return inner.run(wrap(command, namespace));
    }

    @Override
    public RunningProcess start(Command command, Path log) {
        return inner.start(wrap(command, namespace), log);
    }

    @Override
    public Optional<LineSession> open(Command command) {
        return inner.open(wrap(command, namespace));
    }

    /**
     * The command inside the namespace, the cheapest way that is the same: unchanged when it
     * enters a namespace of its own by name ({@code ip netns exec NS}, {@code ip [-o ...] -n NS},
     * {@code nsenter --net=/run/netns/NS}), since named namespaces are the same from anywhere;
     * unchanged for Open vSwitch's database clients ({@code ovs-vsctl}, {@code ovsdb-client}), which
     * only talk to the database's Unix socket, a file, whatever their network namespace; {@code ip
     * -n NS ...} for {@code ip} (one process, where {@code ip netns exec} would start a second one,
     * make it a mount namespace and remount /sys); {@code ip netns exec NS} for the rest.
     */
    static Command wrap(Command command, NamespaceName namespace) {
        List<String> argv = command.argv();
        String program = argv.get(0);
        if (program.equals("ovs-vsctl") || program.equals("ovsdb-client")
                || program.equals("nsenter") && argv.size() > 1 && argv.get(1).startsWith("--net=/run/netns/")) {
            return command;
        }
        if (!program.equals("ip")) {
            return command.in(Optional.of(namespace));
        }
        for (int i = 1; i < argv.size() && argv.get(i).startsWith("-"); i++) {
            if (argv.get(i).equals("-n") || argv.get(i).equals("-netns")) {
                return command;
            }
        }
        if (argv.size() > 2 && argv.get(1).equals("netns")) {
            return argv.get(2).equals("exec") ? command : command.in(Optional.of(namespace)); // ip netns add/del: as before
        }
        List<String> entered = new ArrayList<>(List.of("ip", "-n", namespace.value()));
        entered.addAll(argv.subList(1, argv.size()));
        return new Command(entered, command.query(), command.input());
    }
}
