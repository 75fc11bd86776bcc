package io.xenvlan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpReplyTimesTest {

    @Test
    void fromCapture_pairsEachRequestWithTheNextReplyToThatMac() {
        List<String> lines = List.of(
                "1700000000.100000 fa:16:3e:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype IPv4 (0x0800), length 342: 0.0.0.0.68 > "
                        + "255.255.255.255.67: BOOTP/DHCP, Request from fa:16:3e:00:00:01, length 300",
                "1700000000.101000 fa:16:3e:00:00:02 > ff:ff:ff:ff:ff:ff, ethertype IPv4 (0x0800), length 342: 0.0.0.0.68 > "
                        + "255.255.255.255.67: BOOTP/DHCP, Request from fa:16:3e:00:00:02, length 300",
                "1700000000.102500 7a:00:00:00:00:09 > fa:16:3e:00:00:01, ethertype IPv4 (0x0800), length 342: 10.20.0.2.67 > "
                        + "10.20.0.3.68: BOOTP/DHCP, Reply, length 300",
                "1700000000.111000 7a:00:00:00:00:09 > fa:16:3e:00:00:02, ethertype IPv4 (0x0800), length 342: 10.20.0.2.67 > "
                        + "10.20.0.4.68: BOOTP/DHCP, Reply, length 300",
                "1700000000.200000 7a:00:00:00:00:09 > fa:16:3e:00:00:02, ethertype IPv4 (0x0800), length 342: 10.20.0.2.67 > "
                        + "10.20.0.4.68: BOOTP/DHCP, Reply, length 300");

        List<Double> times = DhcpReplyTimes.fromCapture(lines);

        assertThat(times).hasSize(2);
        assertThat(times.get(0)).isCloseTo(2.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(times.get(1)).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.01));
    }
}
