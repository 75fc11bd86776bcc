package io.xenvlan.netnode;

import io.xenvlan.core.network.Network;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The report-only runner (records every command, runs none, "starts" dnsmasq as a pretend
 * process), except that its queries answer as the node's networks given to {@link #healthy} look
 * on a healthy OVS node with prefix {@code xv}: access ports on the trunk with their tags, legs up
 * with their addresses, every iptables rule present. {@link #addressesGone} makes every leg lose
 * its addresses.
 */
final class HealthyNodeRunner implements CommandRunner {
    final ReportingCommandRunner report = new ReportingCommandRunner();
    private final Map<Integer, Network> byVlan = new ConcurrentHashMap<>();
    volatile boolean addressesGone;

    void healthy(Network network) {
        byVlan.put(network.vlan().value(), network);
    }

    @Override
    public boolean executes() {
        return false;
    }

    @Override
    public CommandResult run(Command command) {
        report.run(command);
        List<String> argv = command.argv();
        if (!command.query()) {
            return ok("");
        }
        String last = argv.get(argv.size() - 1);
        if (argv.contains("list-ports")) {
            return ok(byVlan.keySet().stream().map(v -> "xvp" + v + "\n").collect(Collectors.joining()));
        }
        if (argv.contains("get") && argv.contains("tag")) {
            return ok(argv.get(argv.indexOf("port") + 1).substring(3) + "\n");
        }
        if (argv.contains("link") && argv.contains("-o")) {
            return ok("7: " + last + "@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP\n");
        }
        if (argv.contains("addr") && argv.contains("show")) {
            Network n = byVlan.get(Integer.parseInt(last.substring(3)));
            return ok(addressesGone || n == null ? "" : "7: " + last + "    inet " + n.dhcpServer() + "/" + n.cidr().prefix()
                    + " scope global " + last + "\n7: " + last + "    inet " + n.gateway() + "/" + n.cidr().prefix() + " scope global\n");
        }
        return ok("");
    }

    @Override
    public RunningProcess start(Command command, Path log) {
        return report.start(command, log);
    }

    /** The commands that would change the system, as {@link ReportingCommandRunner#report}. */
    List<String> changes() {
        return report.report();
    }

    private static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }
}
