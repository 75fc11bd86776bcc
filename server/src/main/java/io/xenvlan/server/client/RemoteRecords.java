package io.xenvlan.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.BridgeName;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.DnsDomain;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.NetworkLabel;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.VlanTag;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The API's JSON shapes read back into xenvlan's records (the inverse of the render package's Views). */
final class RemoteRecords {
    private RemoteRecords() {}

    static Network network(JsonNode n) {
        return new Network(n.get("id").asLong(), UUID.fromString(n.get("uuid").asText()), NetworkLabel.of(n.get("label").asText()),
                Cidr.parse(n.get("cidr").asText()), Ipv4Address.parse(n.get("gateway").asText()),
                Ipv4Address.parse(n.get("dhcp_server").asText()), Ipv4Address.parse(n.get("dhcp_start").asText()),
                text(n, "dns1").map(Ipv4Address::parse), text(n, "dns2").map(Ipv4Address::parse),
                text(n, "dns_domain").map(DnsDomain::parse), VlanTag.of(n.get("vlan").asInt()),
                new BridgeName(n.get("bridge").asText()), InterfaceName.of("bridge_interface", n.get("bridge_interface").asText()),
                n.get("mtu").asInt(), text(n, "project").map(ProjectId::of), text(n, "host"));
    }

    static FixedIp fixedIp(JsonNode ip) {
        return new FixedIp(ip.get("network_id").asLong(), Ipv4Address.parse(ip.get("address").asText()), ip.get("reserved").asBoolean(),
                ip.get("allocated").asBoolean(), ip.get("leased").asBoolean(), text(ip, "instance").map(InstanceId::of),
                text(ip, "mac").map(MacAddress::parse), text(ip, "released_at").map(Instant::parse));
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
