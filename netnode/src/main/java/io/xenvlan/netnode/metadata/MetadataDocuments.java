package io.xenvlan.netnode.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestView;
import io.xenvlan.core.guest.SshPublicKey;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documents of one VM at the paths cloud-init asks for, in nova's two layouts:
 * <ul>
 * <li>OpenStack: {@code /openstack} lists the versions; {@code /openstack/<version>/}
 *     {@code meta_data.json}, {@code user_data}, {@code network_data.json} (2015-10-15 on),
 *     {@code vendor_data.json} (2013-10-17 on) and {@code vendor_data2.json} (2016-10-06 on), for
 *     every version from 2012-08-10 and {@code latest};</li>
 * <li>EC2: {@code /<version>/meta-data/} (a directory listing: {@code instance-id},
 *     {@code hostname}, {@code local-hostname}, {@code local-ipv4}, {@code public-ipv4} with a
 *     floating address, {@code mac}, {@code public-keys/}) and {@code /<version>/user-data}.</li>
 * </ul>
 * A path it does not know, and user data a VM was not given, have no document (404).
 */
final class MetadataDocuments {
    static final List<String> OPENSTACK_VERSIONS = List.of("2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15",
            "2016-06-30", "2016-10-06", "2017-02-22", "2018-08-27", "latest");
    static final List<String> EC2_VERSIONS = List.of("1.0", "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10",
            "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04", "latest");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A document: its media type and bytes. */
    record Document(String contentType, byte[] body) {
        static Document text(String text) {
            return new Document("text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }

        static Document json(Object value) {
            try {
                return new Document("application/json", JSON.writeValueAsBytes(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("metadata document does not serialise", e);
            }
        }
    }

    private MetadataDocuments() {}

    /** The document at {@code path} for {@code vm} of {@code network}, if there is one. */
    static Optional<Document> at(String path, GuestView vm, Network network) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (parts.isEmpty()) {
            return Optional.of(Document.text(String.join("\n", EC2_VERSIONS) + "\nopenstack"));
        }
        if (parts.get(0).equals("openstack")) {
            return openstack(parts.subList(1, parts.size()), vm, network);
        }
        if (EC2_VERSIONS.contains(parts.get(0))) {
            return ec2(parts.subList(1, parts.size()), vm);
        }
        return Optional.empty();
    }

    private static Optional<Document> openstack(List<String> parts, GuestView vm, Network network) {
        if (parts.isEmpty()) {
            return Optional.of(Document.text(String.join("\n", OPENSTACK_VERSIONS)));
        }
        String version = parts.get(0);
        if (!OPENSTACK_VERSIONS.contains(version) || parts.size() > 2) {
            return Optional.empty();
        }
        List<String> files = new ArrayList<>(List.of("meta_data.json", "user_data"));
        if (atLeast(version, "2013-10-17")) {
            files.add("vendor_data.json");
        }
        if (atLeast(version, "2015-10-15")) {
            files.add("network_data.json");
        }
        if (atLeast(version, "2016-10-06")) {
            files.add("vendor_data2.json");
        }
        if (parts.size() == 1) {
            return Optional.of(Document.text(String.join("\n", files.stream()
                    .filter(f -> !f.equals("user_data") || vm.profile().userData().isPresent()).toList())));
        }
        String file = parts.get(1);
        if (!files.contains(file)) {
            return Optional.empty();
        }
        return switch (file) {
            case "meta_data.json" -> Optional.of(Document.json(metaData(vm)));
            case "user_data" -> userData(vm);
            case "network_data.json" -> Optional.of(Document.json(networkData(vm, network)));
            default -> Optional.of(Document.json(Map.of())); // vendor data: none
        };
    }

    /** Dated versions compare as text; {@code latest} is after all. */
    private static boolean atLeast(String version, String since) {
        return version.equals("latest") || version.compareTo(since) >= 0;
    }

    private static Map<String, Object> metaData(GuestView vm) {
        GuestProfile profile = vm.profile();
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("uuid", vm.instanceId().value());
        md.put("name", profile.name());
        md.put("hostname", profile.hostname().value());
        md.put("project_id", vm.project().value());
        md.put("availability_zone", vm.availabilityZone());
        md.put("launch_index", 0);
        Map<String, String> keys = new LinkedHashMap<>();
        List<Map<String, Object>> keyList = new ArrayList<>();
        for (int i = 0; i < profile.publicKeys().size(); i++) {
            SshPublicKey key = profile.publicKeys().get(i);
            keys.put(key.name(i), key.line());
            keyList.add(ordered("name", key.name(i), "type", "ssh", "data", key.line()));
        }
        md.put("public_keys", keys);
        md.put("keys", keyList);
        md.put("meta", Map.of());
        md.put("devices", List.of());
        return md;
    }

    private static Optional<Document> userData(GuestView vm) {
        return vm.profile().userData().map(u -> new Document("application/octet-stream", u.bytes()));
    }

    /** What cloud-init needs for a static configuration: the VIF, its address and route, the DNS servers. */
    static Map<String, Object> networkData(GuestView vm, Network network) {
        String link = "tap" + vm.vifUuid().toString().substring(0, 11);
        Map<String, Object> linkDoc = new LinkedHashMap<>();
        linkDoc.put("id", link);
        linkDoc.put("vif_id", vm.vifUuid().toString());
        linkDoc.put("type", "phy");
        linkDoc.put("mtu", network.mtu());
        linkDoc.put("ethernet_mac_address", vm.mac().toString());
        List<Map<String, Object>> services = new ArrayList<>();
        for (Ipv4Address dns : dnsServers(network)) {
            services.add(ordered("type", "dns", "address", dns.toString()));
        }
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("id", "network0");
        net.put("link", link);
        net.put("type", "ipv4");
        net.put("ip_address", vm.address().toString());
        net.put("netmask", network.netmask().toString());
        net.put("routes", List.of(ordered("network", "0.0.0.0", "netmask", "0.0.0.0", "gateway", network.gateway().toString())));
        net.put("network_id", network.uuid().toString());
        net.put("services", services);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("links", List.of(linkDoc));
        doc.put("networks", List.of(net));
        doc.put("services", services);
        return doc;
    }

    /** A map of the pairs given, in that order (documents read the same every time). */
    private static Map<String, Object> ordered(String... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The network's DNS servers: dns1 and dns2 when it sets them, else the node's address on its leg. */
    static List<Ipv4Address> dnsServers(Network network) {
        List<Ipv4Address> servers = new ArrayList<>();
        network.dns1().ifPresent(servers::add);
        network.dns2().ifPresent(servers::add);
        return servers.isEmpty() ? List.of(network.dhcpServer()) : servers;
    }

    private static Optional<Document> ec2(List<String> parts, GuestView vm) {
        if (parts.isEmpty()) {
            return Optional.of(Document.text(vm.profile().userData().isPresent() ? "meta-data\nuser-data" : "meta-data"));
        }
        if (parts.get(0).equals("user-data") && parts.size() == 1) {
            return userData(vm);
        }
        if (!parts.get(0).equals("meta-data")) {
            return Optional.empty();
        }
        List<String> inTree = parts.subList(1, parts.size());
        if (inTree.equals(List.of("public-keys")) && !vm.profile().publicKeys().isEmpty()) {
            List<String> lines = new ArrayList<>();  // EC2 lists keys as index=name
            for (int i = 0; i < vm.profile().publicKeys().size(); i++) {
                lines.add(i + "=" + vm.profile().publicKeys().get(i).name(i));
            }
            return Optional.of(Document.text(String.join("\n", lines)));
        }
        Map<String, Object> tree = ec2Tree(vm);
        Object node = tree;
        for (String part : inTree) {
            if (!(node instanceof Map<?, ?> dir) || !dir.containsKey(part)) {
                return Optional.empty();
            }
            node = dir.get(part);
        }
        if (node instanceof Map<?, ?> dir) {
            List<String> lines = new ArrayList<>();
            dir.forEach((name, child) -> lines.add(child instanceof Map<?, ?> ? name + "/" : (String) name));
            return Optional.of(Document.text(String.join("\n", lines)));
        }
        return Optional.of(Document.text((String) node));
    }

    /**
     * The EC2 meta-data tree: directories are maps. {@code public-keys/} (listed apart, as
     * {@code 0=name}) holds {@code 0/openssh-key}.
     */
    private static Map<String, Object> ec2Tree(GuestView vm) {
        GuestProfile profile = vm.profile();
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("ami-id", "ami-00000000");
        tree.put("ami-launch-index", "0");
        tree.put("hostname", profile.hostname().value());
        tree.put("instance-id", vm.instanceId().value());
        tree.put("instance-type", "xenvlan");
        tree.put("local-hostname", profile.hostname().value());
        tree.put("local-ipv4", vm.address().toString());
        tree.put("mac", vm.mac().toString());
        vm.publicIpv4().ifPresent(p -> tree.put("public-ipv4", p.toString()));
        tree.put("placement", new LinkedHashMap<>(Map.of("availability-zone", vm.availabilityZone())));
        tree.put("reservation-id", "r-" + vm.vifUuid().toString().substring(0, 8));
        tree.put("security-groups", "default");
        if (!profile.publicKeys().isEmpty()) {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (int i = 0; i < profile.publicKeys().size(); i++) {
                SshPublicKey key = profile.publicKeys().get(i);
                keys.put(Integer.toString(i), new LinkedHashMap<>(Map.of("openssh-key", key.line() + "\n")));
            }
            tree.put("public-keys", keys);
        }
        return tree;
    }
}
