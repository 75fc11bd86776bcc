package io.xenvlan.netnode;

import io.xenvlan.core.network.Network;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import io.xenvlan.netnode.plumbing.OvsdbAnswer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The report-only runner (records every command, runs none, "starts" dnsmasq as a pretend
 * process), except that its listings answer as the node's networks given to {@link #healthy} look
 * on a healthy OVS node with prefix {@code xv}: access ports on the trunk with their tags, legs up
 * with their addresses, the rules' table with every leg. {@link #addressesGone} makes every leg
 * lose its addresses.
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
        if (argv.get(0).equals("ovsdb-client")) { // the trunk's ports and their tags
            return ok(OvsdbAnswer.ports(byVlan.keySet().stream().collect(Collectors.toMap(v -> "xvp" + v, String::valueOf))));
        }
        if (argv.contains("-batch")) { // the node's namespace: links and addresses
            return ok(links("xvg") + (addressesGone ? "" : byVlan.values().stream().map(n -> "7: xvg" + n.vlan().value() + "    inet "
                    + n.dhcpServer() + "/" + n.cidr().prefix() + " scope global\n7: xvg" + n.vlan().value() + "    inet "
                    + n.gateway() + "/" + n.cidr().prefix() + " scope global\n").collect(Collectors.joining())));
        }
        if (argv.contains("link") && argv.contains("-o")) {
            return ok(links("xvp"));
        }
        if (argv.contains("nft")) { // the gateway's set and rule, the DNS guard's sets and rule
            String legs = byVlan.keySet().stream().map(v -> "\"xvg" + v + "\"").collect(Collectors.joining(", "));
            String guarded = byVlan.values().stream().map(n -> "\"" + n.dhcpServer() + "\"").collect(Collectors.joining(", "));
            String pairs = byVlan.values().stream().map(n -> "{\"concat\": [\"" + n.dhcpServer() + "\", \"xvg" + n.vlan().value() + "\"]}")
                    .collect(Collectors.joining(", "));
            return ok("{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"xenvlan\"}},"
                    + " {\"set\": {\"family\": \"ip\", \"name\": \"legs\", \"table\": \"xenvlan\", \"type\": \"ifname\","
                    + " \"elem\": [" + legs + "]}},"
                    + " {\"set\": {\"family\": \"ip\", \"name\": \"dns_guarded\", \"table\": \"xenvlan\", \"type\": \"ipv4_addr\","
                    + " \"elem\": [" + guarded + "]}},"
                    + " {\"set\": {\"family\": \"ip\", \"name\": \"dns_legs\", \"table\": \"xenvlan\", \"type\": [\"ipv4_addr\", \"ifname\"],"
                    + " \"elem\": [" + pairs + "]}},"
                    + " {\"chain\": {\"family\": \"ip\", \"table\": \"xenvlan\", \"name\": \"forward\"}},"
                    + " {\"chain\": {\"family\": \"ip\", \"table\": \"xenvlan\", \"name\": \"dns_guard\"}},"
                    + " {\"rule\": {\"family\": \"ip\", \"table\": \"xenvlan\", \"chain\": \"forward\","
                    + " \"comment\": \"projects stay apart\"}},"
                    + " {\"rule\": {\"family\": \"ip\", \"table\": \"xenvlan\", \"chain\": \"dns_guard\","
                    + " \"comment\": \"dns from its own leg only\"}}]}");
        }
        return ok("");
    }

    private String links(String prefix) {
        return byVlan.keySet().stream().map(v -> "7: " + prefix + v + "@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400"
                + " qdisc noqueue state UP\n").collect(Collectors.joining());
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
