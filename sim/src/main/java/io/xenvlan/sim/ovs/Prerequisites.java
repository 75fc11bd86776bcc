package io.xenvlan.sim.ovs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a real data plane needs on this machine: root, and a few programs, each named with the
 * Debian package that brings it, so a user is told exactly what to install.
 */
public final class Prerequisites {

    /** A program and the Debian package that installs it. */
    public record Tool(String command, String debianPackage) {
    }

    /** Open vSwitch, iproute2, ethtool: enough for the simulator's data plane. */
    public static final List<Tool> SWITCHES = List.of(
            new Tool("ovsdb-tool", "openvswitch-switch"), new Tool("ovsdb-server", "openvswitch-switch"),
            new Tool("ovs-vswitchd", "openvswitch-switch"), new Tool("ovs-vsctl", "openvswitch-switch"),
            new Tool("ip", "iproute2"), new Tool("ethtool", "ethtool"));

    /** The guests' side: a DHCP client, ping, curl (the metadata service) and dig (DNS). */
    public static final List<Tool> GUESTS = List.of(new Tool("udhcpc", "udhcpc"), new Tool("ping", "iputils-ping"),
            new Tool("curl", "curl"), new Tool("dig", "dnsutils"));

    /** A network node: dnsmasq, dhcp_release, nft (its packet rules) and iptables (the legs' checksum rule). */
    public static final List<Tool> NETWORK_NODE = List.of(new Tool("dnsmasq", "dnsmasq-base"),
            new Tool("dhcp_release", "dnsmasq-utils"), new Tool("nft", "nftables"), new Tool("iptables", "iptables"));

    private static final List<Path> SEARCH = List.of(Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"),
            Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"), Path.of("/bin"));

    private Prerequisites() {}

    /** The tools of these groups that are not installed (each once). */
    @SafeVarargs
    public static List<Tool> missing(List<Tool>... groups) {
        Set<Tool> wanted = new LinkedHashSet<>();
        for (List<Tool> group : groups) {
            wanted.addAll(group);
        }
        List<Tool> missing = new ArrayList<>();
        for (Tool tool : wanted) {
            if (!installed(tool.command())) {
                missing.add(tool);
            }
        }
        if (!Files.isRegularFile(OvsDaemons.SCHEMA) && wanted.stream().anyMatch(t -> t.command().startsWith("ovs"))) {
            missing.add(new Tool(OvsDaemons.SCHEMA.toString(), "openvswitch-common"));
        }
        return missing;
    }

    /** The Debian packages that bring the missing tools, in order, each once. */
    public static List<String> packages(List<Tool> missing) {
        return missing.stream().map(Tool::debianPackage).distinct().toList();
    }

    /** Whether this process runs with effective user id 0. */
    public static boolean root() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> l.split("\\s+")[2].equals("0")).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean installed(String command) {
        Stream<Path> dirs = Stream.concat(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(s -> !s.isEmpty()).map(Path::of),
                SEARCH.stream());
        return dirs.anyMatch(d -> Files.isExecutable(d.resolve(command)));
    }
}
