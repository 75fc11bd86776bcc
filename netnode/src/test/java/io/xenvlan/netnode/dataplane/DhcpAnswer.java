package io.xenvlan.netnode.dataplane;

import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.exec.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a VM's DHCP client (busybox udhcpc) was given: address, mask, router, MTU, lease time, domain (option 15). */
public record DhcpAnswer(Ipv4Address ip, Ipv4Address subnet, Ipv4Address router, Optional<Integer> mtu, long leaseSeconds,
                         Optional<String> domain) {

    static DhcpAnswer request(DataPlane plane, String ns, String dev) {
        CommandResult r = udhcpc(plane, ns, dev, 8, Optional.empty());
        return parse(r).orElseThrow(() -> new AssertionError("udhcpc got no lease: " + r.stdout() + r.stderr()));
    }

    /**
     * A short request for {@code address} (two discovers a second apart, as a VM asking again for the
     * address it holds): the answer, or empty when no server answered.
     */
    static Optional<DhcpAnswer> attempt(DataPlane plane, String ns, String dev, Ipv4Address address) {
        return parse(udhcpc(plane, ns, dev, 2, Optional.of(address)));
    }

    private static CommandResult udhcpc(DataPlane plane, String ns, String dev, int discovers, Optional<Ipv4Address> wanted) {
        Path script = plane.dir().resolve("udhcpc.sh");
        try {
            if (!Files.exists(script)) {
                Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && echo \"LEASE ip=$ip subnet=$subnet router=$router mtu=$mtu lease=$lease domain=$domain\"\nexit 0\n");
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns, "udhcpc", "-i", dev, "-f", "-n", "-q",
                "-t", Integer.toString(discovers), "-T", "1", "-O", "mtu", "-s", script.toString()));
        wanted.ifPresent(a -> argv.addAll(List.of("-r", a.toString())));
        return plane.attempt(argv.toArray(String[]::new));
    }

    private static Optional<DhcpAnswer> parse(CommandResult r) {
        Optional<String> found = r.stdout().lines().filter(l -> l.startsWith("LEASE ")).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String line = found.get();
        Map<String, String> f = new HashMap<>();
        for (String kv : line.substring(6).split(" ")) {
            int eq = kv.indexOf('=');
            f.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return Optional.of(new DhcpAnswer(Ipv4Address.parse(f.get("ip")), Ipv4Address.parse(f.get("subnet")),
                Ipv4Address.parse(f.get("router")),
                f.get("mtu").isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(f.get("mtu"))),
                Long.parseLong(f.get("lease")), Optional.ofNullable(f.get("domain")).filter(d -> !d.isEmpty())));
    }
}
