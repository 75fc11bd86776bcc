package io.xenvlan.sim.ovs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a guest OS would do inside a VM's namespace: ask for an address over DHCP (busybox
 * udhcpc) and ping. Thread-safe: it only runs commands in the namespace.
 */
public final class GuestConsole {
    private static final String MARK = "xenvlan-lease";
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final String SCRIPT = String.join("\n",
            "#!/bin/sh",
            "# udhcpc event script: configure the lease and report it on stdout",
            "case \"$1\" in",
            "  deconfig) ip addr flush dev \"$interface\" ;;",
            "  bound|renew)",
            "    ip addr flush dev \"$interface\"",
            "    ip addr add \"$ip/$mask\" dev \"$interface\"",
            "    [ -n \"$router\" ] && ip route replace default via \"${router%% *}\" dev \"$interface\"",
            "    echo \"" + MARK + " ip=$ip mask=$mask router=${router%% *} serverid=$serverid mtu=$mtu\" ;;",
            "esac",
            "exit 0",
            "");

    private final String namespace;
    private final Path script;

    GuestConsole(String namespace, Path script) {
        this.namespace = namespace;
        this.script = script;
    }

    static Path writeScript(Path dir) throws IOException {
        Path file = dir.resolve("udhcpc-event.sh");
        Files.writeString(file, SCRIPT);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    String namespace() {
        return namespace;
    }

    /**
     * Runs udhcpc on {@code eth<device>} until it holds a lease (asking for the MTU option too),
     * sending a discover every second, at most {@code attempts} times.
     *
     * @return the lease, or empty when no server answered
     */
    public Optional<DhcpLease> dhcp(int device, int attempts) {
        String nic = "eth" + device;
        long start = System.nanoTime();
        ExecResult result = Exec.run(Exec.inNamespace(namespace, List.of("udhcpc", "-i", nic, "-f", "-q", "-n",
                "-t", Integer.toString(attempts), "-T", "1", "-O", "mtu", "-s", script.toString())),
                Duration.ofSeconds(attempts + 10L));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (!result.ok()) {
            return Optional.empty();
        }
        return result.stdout().lines().filter(l -> l.startsWith(MARK + " ")).reduce((a, b) -> b)
                .map(line -> parse(line, elapsed));
    }

    static DhcpLease parse(String line, Duration elapsed) {
        Map<String, String> fields = new TreeMap<>();
        for (String part : line.substring(MARK.length() + 1).split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        String ip = fields.getOrDefault("ip", "");
        if (!IPV4.matcher(ip).matches()) {
            throw new DataPlaneException("DHCP client reported no usable address: " + line);
        }
        return new DhcpLease(ip, Integer.parseInt(fields.getOrDefault("mask", "32")),
                Optional.ofNullable(fields.get("router")).filter(r -> IPV4.matcher(r).matches()),
                fields.getOrDefault("serverid", ""),
                Optional.ofNullable(fields.get("mtu")).filter(m -> m.matches("[0-9]{1,5}")).map(Integer::valueOf),
                elapsed);
    }

    /** Whether {@code address} answers one of {@code count} pings, each waited for a second at most. */
    public boolean ping(String address, int count) {
        if (!IPV4.matcher(address).matches()) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        return Exec.run(Exec.inNamespace(namespace, List.of("ping", "-n", "-q", "-c", Integer.toString(count), "-W", "1",
                "-i", "0.2", address)), Duration.ofSeconds(count + 5L)).ok();
    }

    /**
     * An HTTP GET from inside the VM (curl, 5 s at most), as a guest asks its metadata service.
     *
     * @return the body when the answer was 2xx, else empty
     */
    public Optional<String> httpGet(String url) {
        if (!url.matches("http://[0-9.]+(:[0-9]{1,5})?/[A-Za-z0-9._/-]*")) {
            throw new IllegalArgumentException("not a plain http URL to an address: " + url);
        }
        ExecResult r = Exec.run(Exec.inNamespace(namespace, List.of("curl", "-s", "-f", "-m", "5", url)), Duration.ofSeconds(10));
        return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
    }

    /** The addresses {@code server} answers for {@code name} ({@code dig +short}, one try of 2 s); empty when none. */
    public List<String> resolve(String server, String name) {
        if (!IPV4.matcher(server).matches() || !name.matches("[a-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("not a server address and a DNS name: " + server + " " + name);
        }
        ExecResult r = Exec.run(Exec.inNamespace(namespace, List.of("dig", "+short", "+time=2", "+tries=1", "@" + server, name)),
                Duration.ofSeconds(10));
        return r.stdout().lines().filter(l -> IPV4.matcher(l).matches()).toList();
    }

    /**
     * Puts {@code address/prefix} on {@code eth<device>} in place of what it had, with a default
     * route through {@code gateway}: what a guest that changes its address does.
     */
    public void useAddress(int device, String address, int prefix, String gateway) {
        if (!IPV4.matcher(address).matches() || !IPV4.matcher(gateway).matches() || prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("not an address, prefix and gateway: " + address + "/" + prefix + " via " + gateway);
        }
        String nic = "eth" + device;
        Exec.check(Exec.inNamespace(namespace, List.of("ip", "addr", "flush", "dev", nic)));
        Exec.check(Exec.inNamespace(namespace, List.of("ip", "addr", "add", address + "/" + prefix, "dev", nic)));
        Exec.check(Exec.inNamespace(namespace, List.of("ip", "route", "replace", "default", "via", gateway, "dev", nic)));
    }

    /** The IPv4 addresses on {@code eth<device>}, as {@code address/prefix}. */
    List<String> addresses(int device) {
        ExecResult r = Exec.check(List.of("ip", "-n", namespace, "-4", "-o", "addr", "show", "dev", "eth" + device));
        return r.stdout().lines().map(l -> l.replaceAll(".* inet ([0-9./]+) .*", "$1")).toList();
    }
}
