package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.SshPublicKey;
import io.xenvlan.core.guest.TestKeys;
import io.xenvlan.core.guest.UserData;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.netnode.dataplane.GuestShell;
import io.xenvlan.netnode.metadata.MetadataConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The metadata service on the real data plane: VMs in namespaces behind the node's legs ask
 * 169.254.169.254 with curl and with cloud-init's OpenStack reader, and each reads its own
 * instance id, host name, keys and user data; an address no VM holds, the listener asked
 * directly, and a VM over its rate get nothing.
 */
@Tag("dataplane")
class MetadataDataplaneTest extends GuestDataplaneTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "http://169.254.169.254";

    @Test
    void eachVmReadsItsOwnMetadata_withCurlAndCloudInit() throws Exception {
        Network blue = run.network(121, "10.77.21.0/24", 256);
        Network green = run.network(122, "10.77.22.0/24", 256);
        Allocation a = allocate(blue, "3f0c55a2-8d1e-4c55-9d0e-0000000000a1");
        Allocation b = allocate(blue, "3f0c55a2-8d1e-4c55-9d0e-0000000000b2");
        Allocation g = allocate(green, "3f0c55a2-8d1e-4c55-9d0e-0000000000c3");
        String keyA = TestKeys.ed25519(1, "alice@laptop");
        byte[] userData = "#cloud-config\nruncmd:\n - echo hello from a\n".getBytes(StandardCharsets.UTF_8);
        guests.saveProfile(a.vifUuid(), new GuestProfile(new Hostname("web-a"), "Web A",
                List.of(SshPublicKey.parse("k", keyA)), Optional.of(UserData.of(userData))));
        guests.saveProfile(b.vifUuid(), new GuestProfile(new Hostname("web-b"), "Web B", List.of(), Optional.empty()));
        NetworkNodeRole node = run.startNode(run.nodeConfig(), MetadataConfig.defaults());
        awaitLive(blue);
        awaitLive(green);
        GuestShell vmA = boot("ma", blue, a);
        GuestShell vmB = boot("mb", blue, b);
        GuestShell vmG = boot("mg", green, g);

        JsonNode mdA = JSON.readTree(vmA.curl(META + "/openstack/latest/meta_data.json").body());
        assertThat(mdA.get("uuid").asText()).isEqualTo(a.instance().value());
        assertThat(mdA.get("hostname").asText()).isEqualTo("web-a");
        assertThat(mdA.get("name").asText()).isEqualTo("Web A");
        assertThat(mdA.get("project_id").asText()).isEqualTo("project-121");
        assertThat(mdA.get("public_keys").get("alice@laptop").asText()).isEqualTo(keyA);
        assertThat(vmA.curl(META + "/openstack/2012-08-10/user_data").body()).isEqualTo(new String(userData, StandardCharsets.UTF_8));
        assertThat(vmA.curl(META + "/latest/meta-data/local-ipv4").body()).isEqualTo(a.address().toString());
        assertThat(vmA.curl(META + "/latest/meta-data/mac").body()).isEqualTo(a.mac().toString());
        assertThat(vmA.curl(META + "/latest/meta-data/public-keys/0/openssh-key").body().strip()).isEqualTo(keyA);
        assertThat(vmA.curl(META + "/latest/meta-data/public-ipv4").status()).as("no floating IP").isEqualTo("404");
        JsonNode net = JSON.readTree(vmA.curl(META + "/openstack/latest/network_data.json").body());
        assertThat(net.at("/networks/0/ip_address").asText()).isEqualTo(a.address().toString());
        assertThat(net.at("/services/0/address").asText()).isEqualTo("192.0.2.53");

        assertThat(JSON.readTree(vmB.curl(META + "/openstack/latest/meta_data.json").body()).get("uuid").asText())
                .isEqualTo(b.instance().value());
        assertThat(vmB.curl(META + "/openstack/latest/user_data").status()).as("b was given no user data").isEqualTo("404");
        assertThat(vmG.curl(META + "/latest/meta-data/instance-id").body()).isEqualTo(g.instance().value());
        assertThat(vmG.curl(META + "/latest/meta-data/hostname").body()).as("no profile: the instance id")
                .isEqualTo(g.instance().value());

        JsonNode read = JSON.readTree(vmA.cloudInitRead());
        assertThat(read.get("instance_id").asText()).isEqualTo(a.instance().value());
        assertThat(read.get("hostname").asText()).isEqualTo("web-a");
        assertThat(read.get("public_keys").get("alice@laptop").asText()).isEqualTo(keyA);
        assertThat(read.get("user_data").asText()).isEqualTo(new String(userData, StandardCharsets.UTF_8));
        assertThat(read.get("ec2_instance_id").asText()).isEqualTo(a.instance().value());
        assertThat(read.at("/network/config/0/mac_address").asText()).isEqualTo(a.mac().toString());
        assertThat(node.metadata().orElseThrow().stats().servedCount()).isPositive();
    }

    @Test
    void strangers_getNothing_andTheListenerAnswersOnlyThroughTheLegsDnat() {
        Network blue = run.network(123, "10.77.23.0/24", 256);
        Allocation a = allocate(blue, "vm-a");
        NetworkNodeRole node = run.startNode(run.nodeConfig(), MetadataConfig.defaults());
        awaitLive(blue);
        GuestShell vmA = boot("sa", blue, a);
        assertThat(vmA.curl(META + "/latest/meta-data/instance-id").body()).isEqualTo("vm-a");

        vmA.readdress("10.77.23.200/24", blue.gateway().toString());
        assertThat(vmA.curl(META + "/latest/meta-data/instance-id").status()).as("an address no VM holds").isEqualTo("404");
        assertThat(vmA.curl("http://" + blue.dhcpServer() + ":" + MetadataConfig.DEFAULT_PORT + "/latest/meta-data/instance-id")
                .status()).as("the listener asked directly, not through the DNAT").isEqualTo("000");

        vmA.readdress(a.address() + "/24", blue.gateway().toString());
        plane.run("ip", "netns", "exec", bench.nodeNs, "nft", "flush", "map", "ip", "xenvlan", "metadata_dnat"); // the redirects lost
        assertThat(vmA.curl(META + "/latest/meta-data/instance-id").status()).isEqualTo("000");
        NodeCheck.Run check = node.checkNow();
        assertThat(check.found()).extracting(NodeFinding::kind).contains(NodeFinding.Kind.SERVICE_RULE_MISSING);
        assertThat(check.left()).isEmpty();
        assertThat(vmA.curl(META + "/latest/meta-data/instance-id").body()).as("the self-check put the DNAT back").isEqualTo("vm-a");
    }

    @Test
    void aVmOverItsRate_isTold429() {
        Network blue = run.network(124, "10.77.24.0/24", 256);
        Allocation a = allocate(blue, "vm-a");
        run.startNode(run.nodeConfig(), new MetadataConfig(true, MetadataConfig.DEFAULT_PORT, 1, 3));
        awaitLive(blue);
        GuestShell vmA = boot("ra", blue, a);

        List<String> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(vmA.curl(META + "/latest/meta-data/instance-id").status());
        }

        assertThat(statuses.subList(0, 3)).containsOnly("200");
        assertThat(statuses.subList(3, 5)).contains("429");
    }
}
