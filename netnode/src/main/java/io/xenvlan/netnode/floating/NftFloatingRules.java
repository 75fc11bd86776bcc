package io.xenvlan.netnode.floating;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link FloatingRules} with nftables, chosen over {@code iptables-restore --noflush} because its
 * maps make both costs constant: a packet does one hash lookup per map instead of walking a rule
 * per association, and an association is three map elements, so a batch of N costs one
 * {@code nft -f} transaction whose work grows with N only, never with the associations already
 * there (an iptables-nft restore reads the whole table it changes). Addresses go on the public
 * interface in one {@code ip -batch}, connections through removed or moved floating IPs are
 * found in one {@code conntrack -L} and deleted in one {@code conntrack -R} ({@link ConntrackFlush}),
 * and each new floating IP is announced with a gratuitous ARP ({@link ArpAnnouncer}). Each batch is written to a file (0600, in a 0700 directory) that the
 * tool reads: argument lists only, no shell.
 */
final class NftFloatingRules implements FloatingRules {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final Path dir;
    private final ArpAnnouncer arp;

    NftFloatingRules(CommandRunner runner, Optional<NamespaceName> netns, Path dir, ArpAnnouncer arp) {
        this.runner = runner;
        this.netns = netns;
        this.dir = dir;
        this.arp = arp;
    }

    @Override
    public synchronized void start() {
        try {
            // only this directory is private: dnsmasq (as nobody) must still enter the node's state directory above it
            Files.createDirectories(dir.getParent());
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        nft(NftScript.skeleton());
    }

    @Override
    public synchronized void apply(FloatingChanges changes) {
        List<String> rules = NftScript.changes(changes);
        if (!rules.isEmpty()) {
            nft(rules);
        }
        List<String> addresses = new ArrayList<>();
        changes.addressesRemoved().forEach((iface, all) -> all.forEach(a -> addresses.add("address del " + a + "/32 dev " + iface)));
        changes.addressesAdded().forEach((iface, all) -> all.forEach(a -> addresses.add("address replace " + a + "/32 dev " + iface)));
        if (!addresses.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("ip"));
            netns.ifPresent(n -> argv.addAll(List.of("-n", n.value())));
            argv.addAll(List.of("-force", "-batch", write("addresses.batch", addresses).toString()));
            runner.check(Command.change(argv));
        }
        if (!changes.flushed().isEmpty()) {
            flush(changes.flushed());
        }
        changes.added().forEach(e -> arp.announce(e.floatingIp(), e.iface()));
    }

    /** Deletes the tracked connections through these floating IPs (after the rules changed, so none comes back NATed the old way). */
    private void flush(Set<Ipv4Address> floatingIps) {
        delete(ConntrackFlush.deletions(connections(), floatingIps));
    }

    @Override
    public synchronized int flushStale(FloatingPlan plan) {
        return delete(ConntrackFlush.stale(connections(), plan));
    }

    private String connections() {
        Command list = Command.query("conntrack", "-L").in(netns);
        return (runner.executes() ? runner.check(list) : runner.run(list)).stdout(); // a report tracks nothing
    }

    private int delete(List<String> deletions) {
        if (!deletions.isEmpty()) {
            runner.check(Command.change("conntrack", "-R", write("conntrack.batch", deletions).toString()).in(netns));
        }
        return deletions.size();
    }

    private void nft(List<String> script) {
        runner.check(Command.change("nft", "-f", write("floating.nft", script).toString()).in(netns));
    }

    private Path write(String name, List<String> lines) {
        Path file = dir.resolve(name);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, lines);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public synchronized AppliedFloating read(Set<InterfaceName> interfaces) {
        CommandResult listed = runner.run(Command.query("nft", "-j", "list", "table", "ip", NftScript.TABLE).in(netns));
        Map<InterfaceName, Set<Ipv4Address>> addresses = new HashMap<>();
        for (InterfaceName iface : interfaces) {
            addresses.put(iface, hostAddresses(iface));
        }
        if (!listed.ok()) {
            return new AppliedFloating(false, Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), addresses);
        }
        try {
            return parse(JSON.readTree(listed.stdout()), addresses);
        } catch (IOException | RuntimeException e) {
            throw new BackendFailureException("nft", "BAD_OUTPUT", List.of(e.getMessage() == null ? "" : e.getMessage()),
                    "nft: cannot read table " + NftScript.TABLE + ": " + e.getMessage(), e);
        }
    }

    /** The table as {@code nft -j list table} shows it. */
    static AppliedFloating parse(JsonNode listing, Map<InterfaceName, Set<Ipv4Address>> addresses) {
        Map<Ipv4Address, Ipv4Address> dnat = new HashMap<>();
        Map<Ipv4Address, Ipv4Address> snat = new HashMap<>();
        Map<Ipv4Address, String> ingress = new HashMap<>();
        Map<String, String> chains = new HashMap<>();
        Set<InterfaceName> publics = new HashSet<>();
        for (JsonNode item : listing.path("nftables")) {
            JsonNode set = item.has("map") ? item.get("map") : item.get("set");
            if (set != null) {
                String name = set.path("name").asText();
                for (JsonNode elem : set.path("elem")) {
                    switch (name) {
                        case "dnat4" -> dnat.put(Ipv4Address.parse(elem.get(0).asText()), Ipv4Address.parse(elem.get(1).asText()));
                        case "snat4" -> snat.put(Ipv4Address.parse(elem.get(0).asText()), Ipv4Address.parse(elem.get(1).asText()));
                        case "ingress" -> ingress.put(Ipv4Address.parse(elem.get(0).asText()), elem.get(1).path("jump").path("target").asText());
                        case "publics" -> publics.add(new InterfaceName(elem.asText()));
                        default -> { }
                    }
                }
            }
            JsonNode chain = item.get("chain");
            if (chain != null && chain.path("name").asText().startsWith("p_")) {
                chains.putIfAbsent(chain.path("name").asText(), "");
            }
            JsonNode rule = item.get("rule");
            if (rule != null && rule.path("chain").asText().startsWith("p_") && rule.path("comment").asText().startsWith("rules:")) {
                chains.put(rule.path("chain").asText(), rule.path("comment").asText());
            }
        }
        return new AppliedFloating(true, dnat, snat, ingress, chains, publics, addresses);
    }

    /** The /32 addresses on the interface (none when it does not exist). */
    private Set<Ipv4Address> hostAddresses(InterfaceName iface) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        netns.ifPresent(n -> argv.addAll(List.of("-n", n.value())));
        argv.addAll(List.of("-j", "-4", "addr", "show", "dev", iface.value()));
        CommandResult shown = runner.run(new Command(argv, true));
        Set<Ipv4Address> out = new HashSet<>();
        if (!shown.ok() || shown.stdout().isBlank()) {
            return out;
        }
        try {
            for (JsonNode link : JSON.readTree(shown.stdout())) {
                for (JsonNode a : link.path("addr_info")) {
                    if (a.path("prefixlen").asInt() == 32 && "inet".equals(a.path("family").asText())) {
                        out.add(Ipv4Address.parse(a.path("local").asText()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
