package io.xenvlan.netnode.floating;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.value.Ipv4Address;
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
}
