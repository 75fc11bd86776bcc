package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworksApiTest {
    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.h2();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void create_bulkAsTheCliDoes() {
        ApiFixture.Reply r = api.post(api.admin, "/v1/networks",
                "{\"label\":\"tenant\",\"cidr\":\"10.30.0.0/22\",\"num_networks\":4,\"network_size\":256,\"vlan_start\":200,\"mtu\":9000}");

        assertThat(r.status()).isEqualTo(201);
        JsonNode items = r.json().get("items");
        assertThat(items).hasSize(4);
        assertThat(items.get(0).get("label").asText()).isEqualTo("tenant_1");
        assertThat(items.get(0).get("cidr").asText()).isEqualTo("10.30.0.0/24");
        assertThat(items.get(3).get("cidr").asText()).isEqualTo("10.30.3.0/24");
        assertThat(items.get(3).get("vlan").asInt()).isEqualTo(203);
        assertThat(items.get(1).get("bridge").asText()).isEqualTo("br201");
        assertThat(items.get(0).get("gateway").asText()).isEqualTo("10.30.0.1");
        assertThat(items.get(0).get("mtu").asInt()).isEqualTo(9000);
        assertThat(items.get(0).get("usage").get("total").asInt()).isEqualTo(256);
        assertThat(items.get(0).get("usage").get("free").asInt()).isEqualTo(256 - 4);
    }

    @Test
    void create_withDnsDomain_shownByCreateShowAndList_nullWithout() {
        ApiFixture.Reply r = api.post(api.admin, "/v1/networks", "{\"label\":\"corp\",\"cidr\":\"10.31.0.0/24\",\"dns_domain\":\"Corp.Example\"}");
        api.post(api.admin, "/v1/networks", "{\"label\":\"plain\",\"cidr\":\"10.32.0.0/24\"}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("items").get(0).get("dns_domain").asText()).isEqualTo("corp.example");
        assertThat(api.get(api.admin, "/v1/networks/corp").json().get("dns_domain").asText()).isEqualTo("corp.example");
        JsonNode plain = api.get(api.admin, "/v1/networks/plain").json();
        assertThat(plain.has("dns_domain")).isTrue();
        assertThat(plain.get("dns_domain").isNull()).isTrue();
        assertThat(api.get(api.admin, "/v1/networks").json().get("items")).extracting(n -> n.get("dns_domain").asText())
                .containsExactly("corp.example", "null");
    }

    @Test
    void create_withBadDnsDomain_400NamingTheFieldAndRule_nothingCreated() {
        for (String bad : List.of("\"corp_net.example\"", "\"-corp.example\"", "\"corp..example\"", "\"\"",
                "\"" + "a".repeat(64) + ".example\"", "\"" + "abc.".repeat(64) + "x\"", "7")) {
            ApiFixture.Reply r = api.post(api.admin, "/v1/networks", "{\"label\":\"x\",\"cidr\":\"10.33.0.0/24\",\"dns_domain\":" + bad + "}");

            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("details").get("field").asText()).as(bad).isEqualTo("dns_domain");
            assertThat(r.json().get("message").asText()).as(bad).startsWith("dns_domain");
        }
        ApiFixture.Reply rule = api.post(api.admin, "/v1/networks", "{\"label\":\"x\",\"cidr\":\"10.33.0.0/24\",\"dns_domain\":\"a b\"}");
        assertThat(rule.json().get("details").get("rule").asText()).isEqualTo("dns-name");
        assertThat(rule.json().get("message").asText()).contains("labels of 1-63 characters a-z 0-9 -");
        assertThat(api.get(api.admin, "/v1/networks").json().get("total").asInt()).isZero();
    }

    @Test
    void list_pagesThroughEveryNetwork() {
        api.post(api.admin, "/v1/networks", "{\"label\":\"n\",\"cidr\":\"10.40.0.0/21\",\"num_networks\":7,\"network_size\":256}");
        List<String> labels = new ArrayList<>();
        Integer offset = 0;
        int pages = 0;
        while (offset != null) {
            ApiFixture.Reply r = api.get(api.admin, "/v1/networks?limit=3&offset=" + offset);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("total").asInt()).isEqualTo(7);
            r.json().get("items").forEach(n -> labels.add(n.get("label").asText()));
            offset = r.json().get("next_offset").isNull() ? null : r.json().get("next_offset").asInt();
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(labels).containsExactly("n_1", "n_2", "n_3", "n_4", "n_5", "n_6", "n_7");
    }

    @Test
    void list_filtersByVlanProjectAndAssignment() {
        api.twoNetworks();

        assertThat(api.get(api.admin, "/v1/networks?vlan=101").json().get("items")).extracting(n -> n.get("label").asText())
                .containsExactly("net_2");
        assertThat(api.get(api.admin, "/v1/networks?project=p1").json().get("items")).extracting(n -> n.get("label").asText())
                .containsExactly("net_1");
        assertThat(api.get(api.admin, "/v1/networks?assigned=false").json().get("items")).extracting(n -> n.get("label").asText())
                .containsExactly("net_2");
        assertThat(api.get(api.admin, "/v1/networks?label=net_1").json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void show_byLabelIdOrBridge() {
        api.twoNetworks();
        JsonNode byLabel = api.get(api.admin, "/v1/networks/net_2").json();
        assertThat(api.get(api.admin, "/v1/networks/" + byLabel.get("id").asLong()).json()).isEqualTo(byLabel);
        assertThat(api.get(api.admin, "/v1/networks/br101").json()).isEqualTo(byLabel);
        assertThat(byLabel.get("dhcp_server").asText()).isEqualTo("10.20.1.2");
    }

    @Test
    void delete_removesTheNetwork() {
        api.twoNetworks();
        assertThat(api.delete(api.admin, "/v1/networks/net_2").status()).isEqualTo(200);
        assertThat(api.get(api.admin, "/v1/networks/net_2").status()).isEqualTo(404);
        assertThat(api.get(api.admin, "/v1/networks").json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void projects_associateShowDisassociate() {
        api.twoNetworks();
        ApiFixture.Reply p2 = api.put(api.p2, "/v1/projects/p2/network", "{\"network\":\"net_2\"}");
        assertThat(p2.status()).isEqualTo(200);
        assertThat(p2.json().get("project").asText()).isEqualTo("p2");
        assertThat(api.get(api.p2, "/v1/projects/p2/network").json().get("label").asText()).isEqualTo("net_2");

        assertThat(api.delete(api.p2, "/v1/projects/p2/network").status()).isEqualTo(200);
        assertThat(api.get(api.admin, "/v1/projects/p2/network").status()).isEqualTo(404);
    }

    @Test
    void addresses_allocateListLeasesRelease() {
        api.twoNetworks();
        ApiFixture.Reply a = api.post(api.p1, "/v1/addresses", "{\"project\":\"p1\",\"instance\":\"vm-1\"}");
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.json().get("address").asText()).isEqualTo("10.20.0.3");
        assertThat(a.json().get("mac").asText()).startsWith("fa:16:3e:");
        assertThat(a.json().get("vlan").asInt()).isEqualTo(100);

        ApiFixture.Reply list = api.get(api.p1, "/v1/addresses");
        assertThat(list.json().get("items")).extracting(ip -> ip.get("instance").asText()).containsExactly("vm-1");
        assertThat(api.get(api.admin, "/v1/networks/net_1").json().get("usage").get("allocated").asInt()).isEqualTo(1);
        assertThat(api.get(api.p1, "/v1/leases").json().get("total").asInt()).isZero();

        assertThat(api.delete(api.p1, "/v1/addresses/10.20.0.3").status()).isEqualTo(200);
        assertThat(api.get(api.p1, "/v1/addresses").json().get("total").asInt()).isZero();
    }

    @Test
    void addresses_releaseEveryAddressOfAnInstance() {
        api.twoNetworks();
        api.post(api.admin, "/v1/addresses", "{\"project\":\"p1\",\"instance\":\"vm-9\"}");
        api.post(api.admin, "/v1/addresses", "{\"project\":\"p1\",\"instance\":\"vm-9\"}");

        ApiFixture.Reply r = api.delete(api.p1, "/v1/instances/vm-9/addresses");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("items")).hasSize(2);
    }

    @Test
    void handover_givesTheNetworkToAnotherNode() {
        api.twoNetworks();
        assertThat(api.store.claimNetworks("node-a")).extracting(n -> n.label().value()).containsExactly("net_1");
        long before = api.store.changeSequence();

        ApiFixture.Reply r = api.post(api.admin, "/v1/networks/net_1/handover", "{\"node\":\"node-b\"}");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("host").asText()).isEqualTo("node-b");
        assertThat(api.store.changeSequence()).isGreaterThan(before);
        assertThat(api.store.claimNetworks("node-b")).extracting(n -> n.label().value()).containsExactly("net_1");
        assertThat(api.store.claimNetworks("node-a")).isEmpty();
    }

    @Test
    void handover_refusedForFreeNetworksBadNamesAndProjectTokens() {
        api.twoNetworks();
        assertThat(api.post(api.admin, "/v1/networks/net_2/handover", "{\"node\":\"node-b\"}").status()).isEqualTo(409);
        assertThat(api.post(api.admin, "/v1/networks/net_1/handover", "{\"node\":\"bad node\"}").status()).isEqualTo(400);
        assertThat(api.post(api.p1, "/v1/networks/net_1/handover", "{\"node\":\"node-b\"}").status()).isEqualTo(403);
    }

    @Test
    void nodes_showWhichNodeServesWhatAndItsPublication() {
        api.twoNetworks();
        api.put(api.admin, "/v1/projects/p2/network", null);
        long id = api.store.claimNetworks("node-a").get(0).id();
        api.store.markPublished(id, api.store.changeSequence());

        ApiFixture.Reply r = api.get(api.admin, "/v1/nodes");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode node = r.json().get("nodes").get(0);
        assertThat(node.get("node").asText()).isEqualTo("node-a");
        assertThat(node.get("networks")).hasSize(2);
        assertThat(node.get("networks").get(0).get("published_sequence").asLong()).isEqualTo(r.json().get("change_sequence").asLong());
        assertThat(r.json().get("unclaimed")).isEmpty();
        assertThat(api.get(api.p1, "/v1/nodes").status()).isEqualTo(403);
    }

    @Test
    void nodes_showEachNodesLease_andDrainMarksOne() {
        api.twoNetworks();
        api.store.renewLease("node-a", Duration.ofMinutes(5), 50);
        api.store.claimLeased("node-a", 50);
        api.store.renewLease("node-gone", Duration.ofMillis(1), 50);

        JsonNode nodes = api.get(api.admin, "/v1/nodes").json().get("nodes");

        assertThat(nodes).extracting(n -> n.get("node").asText()).containsExactly("node-a", "node-gone");
        assertThat(nodes.get(0).get("alive").asBoolean()).isTrue();
        assertThat(nodes.get(0).get("max_networks").asInt()).isEqualTo(50);
        assertThat(nodes.get(0).get("networks")).hasSize(1);
        assertThat(nodes.get(1).get("networks")).isEmpty();
        ApiFixture.Reply drained = api.post(api.admin, "/v1/nodes/node-a/drain", "{\"draining\": true}");
        assertThat(drained.status()).as(drained.text()).isEqualTo(200);
        assertThat(drained.json().get("draining").asBoolean()).isTrue();
        assertThat(api.store.renewLease("node-a", Duration.ofMinutes(5), 50).draining()).isTrue();
        assertThat(api.post(api.admin, "/v1/nodes/nobody/drain", "{}").status()).isEqualTo(404);
        ApiFixture.Reply bad = api.post(api.admin, "/v1/nodes/-x/drain", "{}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("node");
        assertThat(api.post(api.p1, "/v1/nodes/node-a/drain", "{}").status()).isEqualTo(403);
    }
}
