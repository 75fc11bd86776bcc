package io.xenvlan.server.cli;

import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.Detachment;
import io.xenvlan.core.hypervisor.Drift;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.server.compute.VifRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** JSON shapes and tables of pools and VIFs, shared by the CLI and the REST API (credentials never appear). */
public final class ComputeViews {
    private ComputeViews() {}

    public static Map<String, Object> attached(AttachedVif a) {
        PlacedVif v = a.vif();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", v.xenvlanVifUuid().toString());
        m.put("pool", v.pool().value());
        m.put("vm", v.vmUuid());
        m.put("mac", v.mac().toString());
        m.put("address", a.address().toString());
        a.floatingIp().ifPresent(f -> m.put("floating_ip", f.toString()));
        m.put("gateway", a.network().gateway().toString());
        m.put("netmask", a.network().netmask().toString());
        m.put("vlan", a.network().vlan().value());
        m.put("bridge", a.network().bridge().value());
        m.put("network", a.network().label().value());
        m.put("network_id", a.network().id());
        m.put("project", a.network().project().map(Object::toString).orElse(null));
        m.put("network_ref", v.networkRef());
        m.put("vif_ref", v.vifRef());
        m.put("device", v.device());
        m.put("plugged", v.plugged());
        m.put("nic", a.nic());
        m.put("created", a.created());
        return m;
    }

    /** What {@code vif detach} did: the VIFs taken off the VM, and one line saying so (or that nothing was left). */
    public static Map<String, Object> detachment(Detachment d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pool", d.pool().value());
        m.put("vm", d.vmUuid());
        m.put("detached", d.detached().stream().map(v -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("uuid", v.uuid().toString());
            x.put("nic", v.nic());
            x.put("mac", v.mac().map(Object::toString).orElse(null));
            x.put("address", v.address().map(Object::toString).orElse(null));
            x.put("network_id", v.networkId().orElse(null));
            return x;
        }).toList());
        m.put("message", d.summary());
        return m;
    }

    /** The VIFs a detach took off, one row each. */
    @SuppressWarnings("unchecked")
    public static Table detachedTable(Map<String, Object> detachment) {
        Table t = new Table("VM", "POOL", "NIC", "VIF", "MAC", "RELEASED ADDRESS");
        for (Map<String, Object> v : (List<Map<String, Object>>) detachment.get("detached")) {
            t.row(detachment.get("vm"), detachment.get("pool"), v.get("nic"), v.get("uuid"), v.get("mac"), v.get("address"));
        }
        return t;
    }

    public static Map<String, Object> vif(VifRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", r.uuid().toString());
        m.put("pool", r.pool());
        m.put("vm", r.vm());
        m.put("nic", r.nic());
        m.put("state", r.state());
        m.put("mac", r.mac().orElse(null));
        m.put("address", r.address().orElse(null));
        m.put("vlan", r.vlan().orElse(null));
        m.put("bridge", r.bridge().orElse(null));
        m.put("network", r.network().orElse(null));
        m.put("network_id", r.networkId().orElse(null));
        m.put("project", r.project().orElse(null));
        m.put("network_ref", r.networkRef());
        m.put("vif_ref", r.vifRef());
        m.put("device", r.device());
        m.put("plugged", r.plugged());
        m.put("created_at", r.createdAt().toString());
        return m;
    }

    public static Map<String, Object> pool(PoolSettings p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name().value());
        m.put("url", withoutUserInfo(p.url()));
        m.put("vif_driver", p.vifDriver().wireName());
        m.put("integration_network", p.integrationNetwork().orElse(null));
        m.put("tls", p.tls().mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        return m;
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
    public static Table vifTable(List<Map<String, Object>> vifs) {
        Table t = new Table("VM", "POOL", "MAC", "ADDRESS", "GATEWAY", "VLAN", "BRIDGE", "PROJECT", "NETWORK REF", "VIF REF", "PLUGGED");
        for (Map<String, Object> v : vifs) {
            Object address = v.containsKey("floating_ip") ? v.get("address") + " (floating " + v.get("floating_ip") + ")" : v.get("address");
            t.row(v.get("vm"), v.get("pool"), v.get("mac"), address, v.get("gateway"), v.get("vlan"), v.get("bridge"),
                    v.get("project"), v.get("network_ref"), v.get("vif_ref"), v.get("plugged"));
        }
        return t;
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

    public static Map<String, Object> drift(Drift d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pool", d.pool().value());
        m.put("network", d.network());
        m.put("kind", d.kind().name());
        m.put("host", d.host());
        m.put("detail", d.detail());
        m.put("repairable", d.repairable());
        return m;
    }

    /** What {@code xenvlan audit} prints: one row per difference between the store and a pool. */
    public static Table driftTable(List<Map<String, Object>> drift) {
        Table t = new Table("POOL", "NETWORK", "KIND", "HOST", "DETAIL", "REPAIRABLE");
        for (Map<String, Object> d : drift) {
            t.row(d.get("pool"), d.get("network"), d.get("kind"), "".equals(d.get("host")) ? null : d.get("host"), d.get("detail"),
                    d.get("repairable"));
        }
        return t;
    }

    public static Table poolTable(List<Map<String, Object>> pools) {
        boolean hosts = pools.stream().anyMatch(p -> p.containsKey("hosts"));
        Table t = hosts ? new Table("NAME", "URL", "VIF DRIVER", "INTEGRATION NETWORK", "TLS", "HOSTS")
                : new Table("NAME", "URL", "VIF DRIVER", "INTEGRATION NETWORK", "TLS");
        for (Map<String, Object> p : pools) {
            if (hosts) {
                t.row(p.get("name"), p.get("url"), p.get("vif_driver"), p.get("integration_network"), p.get("tls"), hostsCell(p));
            } else {
                t.row(p.get("name"), p.get("url"), p.get("vif_driver"), p.get("integration_network"), p.get("tls"));
            }
        }
        return t;
    }

    /** The hosts' names, comma-separated, or why the pool could not be asked. */
    private static String hostsCell(Map<String, Object> pool) {
        if (pool.get("error") instanceof Map<?, ?> error) {
            return "error: " + error.get("message");
        }
        return pool.get("hosts") instanceof List<?> names ? names.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) : "";
    }
}
