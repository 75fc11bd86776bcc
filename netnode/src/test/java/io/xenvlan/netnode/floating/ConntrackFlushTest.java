package io.xenvlan.netnode.floating;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connections through a floating IP, found in conntrack's listing, deleted by their original tuple. */
class ConntrackFlushTest {
    private static final String LISTING = String.join("\n",
            "icmp     1 25 src=203.0.113.1 dst=203.0.113.50 type=8 code=0 id=25170 src=10.66.0.5 dst=203.0.113.1 type=0 code=0 id=25170 mark=0 use=1",
            "tcp      6 116 TIME_WAIT src=203.0.113.1 dst=203.0.113.50 sport=53622 dport=8080 src=10.66.0.5 dst=203.0.113.1 sport=8080 dport=53622 [ASSURED] mark=0 use=1",
            "tcp      6 431999 ESTABLISHED src=10.66.0.5 dst=203.0.113.1 sport=59132 dport=9000 src=203.0.113.1 dst=203.0.113.50 sport=9000 dport=59132 [ASSURED] mark=0 use=1",
            "udp      17 29 src=10.66.0.9 dst=198.51.100.7 sport=5353 dport=53 [UNREPLIED] src=198.51.100.7 dst=203.0.113.2 sport=53 dport=5353 mark=0 use=1",
            "conntrack v1.4.7 (conntrack-tools): 4 flow entries have been shown.");

    @Test
    void inboundAndOutbound_ofTheFloatingIp_only() {
        assertThat(ConntrackFlush.deletions(LISTING, Set.of(Ipv4Address.parse("203.0.113.50")))).containsExactly(
                "-D -p icmp -s 203.0.113.1 -d 203.0.113.50 --icmp-type 8 --icmp-code 0 --icmp-id 25170",
                "-D -p tcp -s 203.0.113.1 -d 203.0.113.50 --sport 53622 --dport 8080",
                "-D -p tcp -s 10.66.0.5 -d 203.0.113.1 --sport 59132 --dport 9000");
    }

    @Test
    void nothingThroughIt_nothingToDelete() {
        assertThat(ConntrackFlush.deletions(LISTING, Set.of(Ipv4Address.parse("203.0.113.99")))).isEmpty();
        assertThat(ConntrackFlush.deletions("", Set.of(Ipv4Address.parse("203.0.113.50")))).isEmpty();
    }

    /** Pool 203.0.113.48/28 here: .50 now points at 10.66.0.6, .51 at 10.66.0.5, .52 at nothing. */
    private static FloatingPlan plan() {
        Map<Ipv4Address, FloatingEntry> entries = Map.of(
                Ipv4Address.parse("203.0.113.50"), entry("203.0.113.50", "10.66.0.6"),
                Ipv4Address.parse("203.0.113.51"), entry("203.0.113.51", "10.66.0.5"));
        return new FloatingPlan(entries, Map.of(), Set.of(), List.of(Cidr.parse("pool", "203.0.113.48/28")), List.of());
    }

    private static FloatingEntry entry(String fip, String fixed) {
        return new FloatingEntry(Ipv4Address.parse(fip), Ipv4Address.parse(fixed), ProjectId.of("p1"), new InterfaceName("pub0"));
    }

    @Test
    void stale_connectionsNatedTheWayThePlanNoLongerHas_only() {
        String listing = String.join("\n", LISTING,
                // DNATed in by .51 to 10.66.0.5, as the plan has it: kept
                "tcp      6 431999 ESTABLISHED src=198.51.100.7 dst=203.0.113.51 sport=40000 dport=22 src=10.66.0.5 dst=198.51.100.7 sport=22 dport=40000 [ASSURED] mark=0 use=1",
                // SNATed out as .52, which points nowhere now: stale
                "udp      17 170 src=10.66.0.7 dst=198.51.100.7 sport=5000 dport=53 src=198.51.100.7 dst=203.0.113.52 sport=53 dport=5000 [ASSURED] mark=0 use=1",
                // a VM reaching .53 (served by another node): not NATed here, kept
                "tcp      6 431999 ESTABLISHED src=10.66.0.5 dst=203.0.113.53 sport=41000 dport=80 src=203.0.113.53 dst=198.51.100.1 sport=80 dport=41000 [ASSURED] mark=0 use=1");

        // .50 was DNATed to and SNATed from 10.66.0.5 (the first three lines); the plan points it at 10.66.0.6
        assertThat(ConntrackFlush.stale(listing, plan())).containsExactly(
                "-D -p icmp -s 203.0.113.1 -d 203.0.113.50 --icmp-type 8 --icmp-code 0 --icmp-id 25170",
                "-D -p tcp -s 203.0.113.1 -d 203.0.113.50 --sport 53622 --dport 8080",
                "-D -p tcp -s 10.66.0.5 -d 203.0.113.1 --sport 59132 --dport 9000",
                "-D -p udp -s 10.66.0.7 -d 198.51.100.7 --sport 5000 --dport 53");
    }

    @Test
    void stale_nothingWhenThePlanHasEveryConnectionsWay() {
        Map<Ipv4Address, FloatingEntry> entries = Map.of(Ipv4Address.parse("203.0.113.50"), entry("203.0.113.50", "10.66.0.5"));
        FloatingPlan plan = new FloatingPlan(entries, Map.of(), Set.of(), List.of(Cidr.parse("pool", "203.0.113.48/28")), List.of());
        assertThat(ConntrackFlush.stale(LISTING, plan)).isEmpty();
        assertThat(ConntrackFlush.stale(LISTING, FloatingPlan.empty())).as("no pools, nothing floating").isEmpty();
    }
}
