package io.xenvlan.netnode.floating;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.NodeFloatingState;
import io.xenvlan.core.floating.ServedFloatingIp;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** From what the node holds to its plan: the batch of nft statements, addresses and flushes, and nothing when they agree. */
class FloatingChangesTest {
    static final InterfaceName PUB = new InterfaceName("pub0");
    static final ProjectId P1 = ProjectId.of("p1");

    static Ipv4Address ip(String a) {
        return Ipv4Address.parse(a);
    }

    static ServedFloatingIp served(String fip, String fixed) {
        return new ServedFloatingIp(ip(fip), ip(fixed), P1, 1, Optional.empty());
    }

    static FloatingPlan plan(List<ServedFloatingIp> served, List<IngressRule> rules) {
        NodeFloatingState state = new NodeFloatingState(7, List.of(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty())),
                served, Map.of(P1, rules));
        return FloatingPlan.of(state, Optional.of(PUB));
    }

    @Test
    void fromNothing_everythingAddedInOneBatch() {
        FloatingPlan plan = plan(List.of(served("203.0.113.5", "10.1.0.5"), served("203.0.113.6", "10.1.0.6")),
                List.of(IngressRule.parse("p1", "tcp", Optional.of("22"), Optional.empty())));

        FloatingChanges c = FloatingChanges.between(AppliedFloating.nothing(), plan);

        List<String> nft = NftScript.changes(c);
        String chain = IngressChains.chainName(P1);
        assertThat(nft).contains("add element ip xenvlan_fip publics { \"pub0\" }",
                "add chain ip xenvlan_fip " + chain, "add rule ip xenvlan_fip " + chain + " tcp dport 22 accept");
        assertThat(nft.stream().filter(l -> l.startsWith("add element ip xenvlan_fip dnat4"))).singleElement()
                .satisfies(l -> assertThat(l).contains("203.0.113.5 : 10.1.0.5", "203.0.113.6 : 10.1.0.6"));
        assertThat(nft).noneMatch(l -> l.startsWith("delete"));
        assertThat(c.addressesAdded().get(PUB)).containsExactlyInAnyOrder(ip("203.0.113.5"), ip("203.0.113.6"));
        assertThat(c.flushed()).isEmpty();
        assertThat(FloatingChanges.between(c.after(), plan).none()).isTrue();
    }

    @Test
    void staleAndMoved_removedAndFlushed_addressesOutsideThePoolsLeftAlone() {
        FloatingPlan first = plan(List.of(served("203.0.113.5", "10.1.0.5"), served("203.0.113.6", "10.1.0.6")), List.of());
        AppliedFloating held = FloatingChanges.between(AppliedFloating.nothing(), first).after();
        Map<InterfaceName, Set<Ipv4Address>> withNodeAddress = Map.of(PUB, Set.of(ip("203.0.113.5"), ip("203.0.113.6"), ip("198.51.100.2")));
        held = new AppliedFloating(true, held.dnat(), held.snat(), held.ingress(), held.chains(), held.publics(), withNodeAddress);

        FloatingChanges c = FloatingChanges.between(held, plan(List.of(served("203.0.113.5", "10.1.0.7")), List.of()));

        assertThat(c.dnatRemoved()).containsOnlyKeys(ip("203.0.113.5"), ip("203.0.113.6"));
        assertThat(c.snatRemoved()).containsOnlyKeys(ip("10.1.0.5"), ip("10.1.0.6"));
        assertThat(c.flushed()).containsExactlyInAnyOrder(ip("203.0.113.5"), ip("203.0.113.6"));
        assertThat(c.addressesRemoved().get(PUB)).containsExactly(ip("203.0.113.6"));
        assertThat(c.after().addresses().get(PUB)).containsExactlyInAnyOrder(ip("203.0.113.5"), ip("198.51.100.2"));
        List<String> nft = NftScript.changes(c);
        assertThat(nft.indexOf(nft.stream().filter(l -> l.startsWith("delete element ip xenvlan_fip dnat4")).findFirst().orElseThrow()))
                .isLessThan(nft.indexOf(nft.stream().filter(l -> l.startsWith("add element ip xenvlan_fip dnat4")).findFirst().orElseThrow()));
    }

    @Test
    void changedRules_rewriteTheChainOnly() {
        FloatingPlan before = plan(List.of(served("203.0.113.5", "10.1.0.5")), List.of());
        AppliedFloating held = FloatingChanges.between(AppliedFloating.nothing(), before).after();

        FloatingChanges c = FloatingChanges.between(held, plan(List.of(served("203.0.113.5", "10.1.0.5")),
                List.of(IngressRule.parse("p1", "udp", Optional.of("53"), Optional.of("198.51.100.0/24")))));

        assertThat(c.added()).isEmpty();
        assertThat(c.chainsWritten()).containsOnlyKeys(IngressChains.chainName(P1));
        assertThat(NftScript.changes(c)).contains("add rule ip xenvlan_fip " + IngressChains.chainName(P1)
                + " ip saddr 198.51.100.0/24 udp dport 53 accept");
    }

    @Test
    void kernelListing_readBack() throws Exception {
        String listing = "{\"nftables\": [{\"set\": {\"name\": \"publics\", \"elem\": [\"pub0\"]}},"
                + "{\"map\": {\"name\": \"dnat4\", \"elem\": [[\"203.0.113.5\", \"10.1.0.5\"]]}},"
                + "{\"map\": {\"name\": \"snat4\", \"elem\": [[\"10.1.0.5\", \"203.0.113.5\"]]}},"
                + "{\"map\": {\"name\": \"ingress\", \"elem\": [[\"10.1.0.5\", {\"jump\": {\"target\": \"p_00\"}}]]}},"
                + "{\"chain\": {\"name\": \"p_00\"}}, {\"chain\": {\"name\": \"inbound\"}},"
                + "{\"rule\": {\"chain\": \"p_00\", \"comment\": \"rules:abc\", \"expr\": []}}]}";

        AppliedFloating read = NftFloatingRules.parse(new ObjectMapper().readTree(listing), Map.of());

        assertThat(read.dnat()).containsEntry(ip("203.0.113.5"), ip("10.1.0.5"));
        assertThat(read.snat()).containsEntry(ip("10.1.0.5"), ip("203.0.113.5"));
        assertThat(read.ingress()).containsEntry(ip("10.1.0.5"), "p_00");
        assertThat(read.chains()).containsExactly(Map.entry("p_00", "rules:abc"));
        assertThat(read.publics()).containsExactly(PUB);
    }

    @Test
    void noPublicInterface_poolWithoutOne_unservable() {
        NodeFloatingState state = new NodeFloatingState(1, List.of(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty())),
                List.of(served("203.0.113.5", "10.1.0.5")), Map.of());
        FloatingPlan plan = FloatingPlan.of(state, Optional.empty());
        assertThat(plan.entries()).isEmpty();
        assertThat(plan.unservable()).hasSize(1);
    }

    @Test
    void projectsLastAssociationRemoved_itsElementsGoBeforeItsChain() {
        FloatingPlan before = plan(List.of(served("203.0.113.5", "10.1.0.5")), List.of());
        AppliedFloating held = FloatingChanges.between(AppliedFloating.nothing(), before).after();

        FloatingChanges c = FloatingChanges.between(held, plan(List.of(), List.of()));

        String chain = IngressChains.chainName(P1);
        assertThat(c.chainsRemoved()).containsExactly(chain);
        List<String> nft = NftScript.changes(c);
        // nft refuses to delete a chain a map element still jumps to: the elements go first, in the same transaction
        assertThat(nft).containsExactly(
                "delete element ip xenvlan_fip dnat4 { 203.0.113.5 }",
                "delete element ip xenvlan_fip snat4 { 10.1.0.5 }",
                "delete element ip xenvlan_fip ingress { 10.1.0.5 }",
                "delete chain ip xenvlan_fip " + chain);
        assertThat(c.addressesRemoved().get(PUB)).containsExactly(ip("203.0.113.5"));
        assertThat(c.flushed()).containsExactly(ip("203.0.113.5"));
    }

    @Test
    void ingressChain_defaultThenOneAcceptPerRuleThenDrop_taggedByItsRules() {
        List<IngressRule> rules = List.of(IngressRule.parse("p1", "tcp", Optional.of("8000-8080"), Optional.of("198.51.100.0/24")),
                IngressRule.parse("p1", "udp", Optional.of("53"), Optional.empty()),
                IngressRule.parse("p1", "icmp", Optional.empty(), Optional.empty()));

        List<String> chain = IngressChains.rules(rules);

        assertThat(chain).containsExactly("ct state established,related accept", "icmp type echo-request accept",
                "ip saddr 198.51.100.0/24 tcp dport 8000-8080 accept", "udp dport 53 accept", "meta l4proto icmp accept",
                "drop comment \"" + IngressChains.tag(rules) + "\"");
        assertThat(IngressChains.rules(List.of())).containsExactly("ct state established,related accept", "icmp type echo-request accept",
                "drop comment \"" + IngressChains.tag(List.of()) + "\"");
        assertThat(IngressChains.tag(rules)).matches("rules:[0-9a-f]{16}").isNotEqualTo(IngressChains.tag(rules.subList(0, 2)));
        assertThat(IngressChains.chainName(ProjectId.of("a-project.with_odd-name"))).matches("p_[0-9a-f]{16}");
    }
}
