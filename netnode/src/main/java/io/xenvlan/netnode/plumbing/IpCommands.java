package io.xenvlan.netnode.plumbing;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.NodeFinding;
import io.xenvlan.netnode.NodeFinding.Kind;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code ip} / {@code ethtool} steps both drivers share, run in the node's namespace when it has one. */
final class IpCommands {
    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;

    IpCommands(CommandRunner runner, Optional<NamespaceName> netns) {
        this.runner = runner;
        this.netns = netns;
    }

    /** Creates the node's namespace (loopback up) when it is configured and missing. */
    void ensureNamespace() {
        if (netns.isPresent() && !runner.run(Command.query("ip", "netns", "exec", netns.get().value(), "true")).ok()) {
            runner.check(Command.change("ip", "netns", "add", netns.get().value()));
            runner.check(Command.change("ip", "-n", netns.get().value(), "link", "set", "lo", "up"));
        }
    }

    Optional<NamespaceName> namespace() {
        return netns;
    }

    boolean exists(InterfaceName name) {
        return runner.run(ip(true, "-o", "link", "show", "dev", name.value())).ok();
    }

    void run(String... args) {
        runner.check(ip(false, args));
    }

    /** Runs a change that may fail; the caller reads the result. */
    CommandResult attempt(String... args) {
        return runner.run(ip(false, args));
    }

    /** {@code ip} (with {@code -n NS} for the node's namespace), the start of a batch's command line. */
    List<String> ipArgv(boolean inNamespace) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        if (inNamespace) {
            netns.ifPresent(n -> argv.addAll(List.of("-n", n.value())));
        }
        return argv;
    }

    /** Adds the lines that give the leg the network's MTU, its gateway and DHCP server addresses, and bring it up. */
    static void configureLeg(IpBatch batch, InterfaceName leg, Network network) {
        batch.add(network.id(), "link", "set", "dev", leg.value(), "mtu", Integer.toString(network.mtu()));
        for (String a : legAddresses(network)) {
            batch.add(network.id(), "addr", "replace", a, "dev", leg.value());
        }
        batch.add(network.id(), "link", "set", "dev", leg.value(), "up");
    }

    /** The addresses a network's leg carries, as {@code address/prefix}. */
    static Set<String> legAddresses(Network network) {
        Set<String> addresses = new LinkedHashSet<>();
        for (Ipv4Address a : List.of(network.dhcpServer(), network.gateway())) {
            addresses.add(a + "/" + network.cidr().prefix());
        }
        return addresses;
    }

    /**
     * What is wrong with the leg in {@code state}: missing, down, or without the gateway or DHCP
     * server address.
     */
    static List<NodeFinding> checkLeg(InterfaceName leg, Network network, PlumbingState state) {
        Optional<String> link = state.link(leg.value());
        if (link.isEmpty()) {
            return List.of(NodeFinding.of(Kind.LEG_MISSING, network, "interface " + leg + " does not exist"));
        }
        List<NodeFinding> found = new ArrayList<>();
        if (!up(link.get())) {
            found.add(NodeFinding.of(Kind.LEG_DOWN, network, "interface " + leg + " is down"));
        }
        Set<String> present = state.addresses(leg.value());
        for (String a : legAddresses(network)) {
            if (!present.contains(a)) {
                found.add(NodeFinding.of(Kind.ADDRESS_MISSING, network, "interface " + leg + " lacks " + a));
            }
        }
        return found;
    }

    /** Every link of the root namespace, in one listing: name to its line. */
    Map<String, String> rootLinks() {
        Map<String, String> links = new LinkedHashMap<>();
        listing(Command.query("ip", "-o", "link", "show")).lines().forEach(line -> linkName(line).ifPresent(n -> links.put(n, line)));
        return links;
    }

    /** The links and IPv4 addresses of the node's namespace (the root one without), both in one {@code ip} process. */
    record Listing(Map<String, String> links, Map<String, Set<String>> addresses) {}

    Listing linksAndAddresses() {
        List<String> argv = new ArrayList<>(List.of("ip", "-o", "-4")); // IPv4 addresses only: the legs have no others to check
        netns.ifPresent(n -> argv.addAll(List.of("-n", n.value())));
        argv.addAll(List.of("-batch", "-"));
        Map<String, String> links = new LinkedHashMap<>();
        Map<String, Set<String>> addresses = new HashMap<>();
        listing(new Command(argv, true).withInput(List.of("link show", "addr show"))).lines().forEach(line -> {
            List<String> words = words(line);
            int inet = words.indexOf("inet");
            if (words.contains("inet") || words.contains("inet6")) {
                if (inet >= 0 && inet + 1 < words.size() && words.size() > 1) {
                    addresses.computeIfAbsent(words.get(1), d -> new HashSet<>()).add(words.get(inet + 1));
                }
            } else {
                linkName(words).ifPresent(n -> links.put(n, line));
            }
        });
        return new Listing(links, addresses);
    }

    /** A listing's output; nothing from a runner that only records (it runs no query), else a failure is an error. */
    private String listing(Command query) {
        CommandResult r = runner.run(query);
        if (r.ok()) {
            return r.stdout();
        }
        return runner.executes() ? runner.check(query).stdout() : "";
    }

    /** The name in a line of {@code ip -o link show}: {@code 7: xvg101@if8: <...>} gives {@code xvg101}. */
    static Optional<String> linkName(String line) {
        return linkName(words(line));
    }

    private static Optional<String> linkName(List<String> words) {
        if (words.size() < 2 || !words.get(0).endsWith(":")) {
            return Optional.empty();
        }
        String name = words.get(1).endsWith(":") ? words.get(1).substring(0, words.get(1).length() - 1) : words.get(1);
        int at = name.indexOf('@');
        return Optional.of(at > 0 ? name.substring(0, at) : name);
    }

    /**
     * The line's words (split at spaces and tabs), by hand: {@code split("\\s+")} compiles a
     * regular expression per line, 4,000 lines a pass at 1,000 networks.
     */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean space = i == line.length() || Character.isWhitespace(line.charAt(i));
            if (space && start >= 0) {
                words.add(line.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words;
    }

    /** Whether an {@code ip -o link} line's flags ({@code <BROADCAST,MULTICAST,UP,LOWER_UP>}) say UP. */
    static boolean up(String linkLine) {
        int open = linkLine.indexOf('<');
        int close = linkLine.indexOf('>', open + 1);
        return open >= 0 && close > open && List.of(linkLine.substring(open + 1, close).split(",")).contains("UP");
    }

    private Command ip(boolean query, String... args) {
        List<String> argv = ipArgv(true);
        argv.addAll(List.of(args));
        return new Command(argv, query);
    }
}
