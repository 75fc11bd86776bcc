package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.netnode.TestNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hosts file's merge diff: what a publication changes, and which leases must go. */
class HostsFileTest {
    private final Network net = TestNetworks.network(4, 104, "10.9.4.0/24");
    private final HostEntry a = TestNetworks.host(net, 0);
    private final HostEntry b = TestNetworks.host(net, 1);
    private final HostEntry c = TestNetworks.host(net, 2);
    private final HostsFile ab = HostsFile.empty().next(List.of(a, b)).file();

    @Test
    void sameEntries_noChange() {
        HostsFile.Change change = ab.next(List.of(b, a));

        assertThat(change.changed()).isFalse();
        assertThat(change.removed()).isEmpty();
        assertThat(change.added()).isEmpty();
        assertThat(change.file().text()).isEqualTo(ab.text());
    }

    @Test
    void addedAndReleased_appearAndLeave() {
        HostsFile.Change change = ab.next(List.of(b, c));

        assertThat(change.changed()).isTrue();
        assertThat(change.removed()).containsExactly(a);
        assertThat(change.added()).containsExactly(HostsFile.render(List.of(c)));
        assertThat(change.file().text()).isEqualTo(HostsFile.render(List.of(b, c)));
        assertThat(change.file().text()).doesNotContain(a.mac().toString()).contains(c.mac() + ",vm-2," + c.address());
    }

    @Test
    void addressGivenToAnotherMac_oldLeaseGoes() {
        HostEntry moved = new HostEntry(new MacAddress(a.mac().bits() + 100), a.hostname(), a.address());

        HostsFile.Change change = ab.next(List.of(moved, b));

        assertThat(change.changed()).isTrue();
        assertThat(change.removed()).containsExactly(a);
        assertThat(change.file().text()).startsWith(moved.mac() + ",");
    }

    @Test
    void linesInAddressOrder_whateverTheInputOrder() {
        assertThat(HostsFile.render(List.of(c, a, b))).isEqualTo(HostsFile.render(List.of(a, b, c)));
        assertThat(HostsFile.empty().next(List.of()).changed()).isFalse();
        assertThat(ab.next(List.of()).removed()).containsExactly(a, b);
    }
}
