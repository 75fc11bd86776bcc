package io.xenvlan.netnode.dataplane;

import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.exec.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What a VM's DHCP client (busybox udhcpc) was given: address, mask, router, MTU, lease time, domain (option 15). */
public record DhcpAnswer(Ipv4Address ip, Ipv4Address subnet, Ipv4Address router, Optional<Integer> mtu, long leaseSeconds,
                         Optional<String> domain) {

    static DhcpAnswer request(DataPlane plane, String ns, String dev) {
        Path script = plane.dir().resolve("udhcpc.sh");
        try {
            if (!Files.exists(script)) {
                Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && echo \"LEASE ip=$ip subnet=$subnet router=$router mtu=$mtu lease=$lease domain=$domain\"\nexit 0\n");
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CommandResult r = plane.run("ip", "netns", "exec", ns, "udhcpc", "-i", dev, "-f", "-n", "-q", "-t", "8", "-T", "1",
                "-O", "mtu", "-s", script.toString());
        String line = r.stdout().lines().filter(l -> l.startsWith("LEASE ")).findFirst()
                .orElseThrow(() -> new AssertionError("udhcpc got no lease: " + r.stdout() + r.stderr()));
        Map<String, String> f = new HashMap<>();
        for (String kv : line.substring(6).split(" ")) {
            int eq = kv.indexOf('=');
            f.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new DhcpAnswer(Ipv4Address.parse(f.get("ip")), Ipv4Address.parse(f.get("subnet")),
                Ipv4Address.parse(f.get("router")),
                f.get("mtu").isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(f.get("mtu"))),
                Long.parseLong(f.get("lease")), Optional.ofNullable(f.get("domain")).filter(d -> !d.isEmpty()));
    }
}
