package io.xenvlan.server.render;

import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.Detachment;
import io.xenvlan.core.hypervisor.Drift;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.server.compute.GuestProfiles;
import io.xenvlan.server.compute.VifRow;
import java.util.List;
import java.util.Locale;

/** JSON shapes and tables of pools and VIFs, shared by the CLI and the REST API (credentials never appear). */
public final class ComputeViews {
    private ComputeViews() {}

    /** The VIF an attach gave, and what its guest was told ({@link GuestViews#attached}). */
    public static AttachedVifView attached(AttachedVif a, GuestProfiles.Recorded recorded) {
        PlacedVif v = a.vif();
        return new AttachedVifView(v.xenvlanVifUuid().toString(), v.pool().value(), v.vmUuid().value(), v.mac().toString(), a.address().toString(),
                a.floatingIp().map(Object::toString).orElse(null), a.network().gateway().toString(), a.network().netmask().toString(),
                a.network().vlan().value(), a.network().bridge().value(), a.network().label().value(), a.network().id(),
                a.network().project().map(Object::toString).orElse(null), v.networkRef(), v.vifRef(), v.device(), v.plugged(), a.nic(),
                a.created(), GuestViews.guest(recorded.profile()), GuestViews.notice(a.network().label().value(), recorded).orElse(null));
    }

    public static DetachmentView detachment(Detachment d) {
        return new DetachmentView(d.pool().value(), d.vmUuid().value(), d.detached().stream().map(v -> new DetachmentView.Detached(v.uuid().toString(),
                v.nic(), v.mac().map(Object::toString).orElse(null), v.address().map(Object::toString).orElse(null),
                v.networkId().orElse(null))).toList(), d.summary());
    }

    /** The VIFs a detach took off, one row each. */
    public static Table detachedTable(DetachmentView detachment) {
        Table t = new Table("VM", "POOL", "NIC", "VIF", "MAC", "RELEASED ADDRESS");
        for (DetachmentView.Detached v : detachment.detached()) {
            t.row(detachment.vm(), detachment.pool(), v.nic(), v.uuid(), v.mac(), v.address());
        }
        return t;
    }

    public static VifView vif(VifRow r) {
        return new VifView(r.uuid().toString(), r.pool(), r.vm(), r.nic(), r.state(), r.mac().orElse(null), r.address().orElse(null),
                r.vlan().orElse(null), r.bridge().orElse(null), r.network().orElse(null), r.networkId().orElse(null), r.project().orElse(null),
                r.networkRef(), r.vifRef(), r.device(), r.plugged(), r.createdAt().toString());
    }

    public static PoolView pool(PoolSettings p) {
        return new PoolView(p.name().value(), withoutUserInfo(p.url()), p.vifDriver().wireName(), p.integrationNetwork().orElse(null),
                p.tls().mode().name().toLowerCase(Locale.ROOT).replace('_', '-'), null, null);
    }

    /** A pool URL as shown: a user or password in it (from a store written before they were refused) is never shown. */
    static String withoutUserInfo(java.net.URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        return url.getScheme() + "://" + url.getRawAuthority().substring(url.getRawAuthority().lastIndexOf('@') + 1)
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** VM, MAC, IP (and its floating IP, when it got one), gateway, VLAN, bridge and the XenAPI refs, as {@code vif attach} prints them. */
    public static Table attachedTable(AttachedVifView v) {
        Object address = v.floatingIp() != null ? v.address() + " (floating " + v.floatingIp() + ")" : v.address();
        return vifHeader().row(v.vm(), v.pool(), v.mac(), address, v.gateway(), v.vlan(), v.bridge(), v.project(), v.networkRef(),
                v.vifRef(), v.plugged());
    }

    /** As {@link #attachedTable}, one row a VIF (a listing has no gateway). */
    public static Table vifTable(List<VifView> vifs) {
        Table t = vifHeader();
        for (VifView v : vifs) {
            t.row(v.vm(), v.pool(), v.mac(), v.address(), null, v.vlan(), v.bridge(), v.project(), v.networkRef(), v.vifRef(), v.plugged());
        }
        return t;
    }

    private static Table vifHeader() {
        return new Table("VM", "POOL", "MAC", "ADDRESS", "GATEWAY", "VLAN", "BRIDGE", "PROJECT", "NETWORK REF", "VIF REF", "PLUGGED");
    }

    /** {@code system}, {@code ca-file}, {@code pinned} or {@code insecure}. @throws InvalidInputException naming {@code tls} */
    public static PoolTls.Mode tlsMode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "system" -> PoolTls.Mode.SYSTEM;
            case "ca-file" -> PoolTls.Mode.CA_FILE;
            case "pinned" -> PoolTls.Mode.PINNED;
            case "insecure" -> PoolTls.Mode.INSECURE;
            default -> throw new InvalidInputException("tls", "one-of", "tls: system, ca-file, pinned or insecure");
        };
    }

    public static DriftView drift(Drift d) {
        return new DriftView(d.pool().value(), d.network(), d.kind().name(), d.host(), d.detail(), d.repairable());
    }

    /** What {@code xenvlan audit} prints: one row per difference between the store and a pool. */
    public static Table driftTable(List<DriftView> drift) {
        Table t = new Table("POOL", "NETWORK", "KIND", "HOST", "DETAIL", "REPAIRABLE");
        for (DriftView d : drift) {
            t.row(d.pool(), d.network(), d.kind(), "".equals(d.host()) ? null : d.host(), d.detail(), d.repairable());
        }
        return t;
    }

    public static Table poolTable(List<PoolView> pools) {
        boolean hosts = pools.stream().anyMatch(p -> p.hosts() != null);
        Table t = hosts ? new Table("NAME", "URL", "VIF DRIVER", "INTEGRATION NETWORK", "TLS", "HOSTS")
                : new Table("NAME", "URL", "VIF DRIVER", "INTEGRATION NETWORK", "TLS");
        for (PoolView p : pools) {
            if (hosts) {
                t.row(p.name(), p.url(), p.vifDriver(), p.integrationNetwork(), p.tls(), hostsCell(p));
            } else {
                t.row(p.name(), p.url(), p.vifDriver(), p.integrationNetwork(), p.tls());
            }
        }
        return t;
    }

    /** The hosts' names, comma-separated, or why the pool could not be asked. */
    private static String hostsCell(PoolView pool) {
        if (pool.error() != null) {
            return "error: " + pool.error().message();
        }
        return pool.hosts() == null ? "" : String.join(", ", pool.hosts());
    }
}
