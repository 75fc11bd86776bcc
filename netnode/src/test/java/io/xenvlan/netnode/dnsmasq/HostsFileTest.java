package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.netnode.TestNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a publication changes in the hosts file, from a full set or from just the changes, and which leases must go. */
class HostsFileTest {
    private final Network net = TestNetworks.network(4, 104, "10.9.4.0/24");
    private final HostEntry a = TestNetworks.host(net, 0);
    private final HostEntry b = TestNetworks.host(net, 1);
    private final HostEntry c = TestNetworks.host(net, 2);

    private HostsFile ab() {
        HostsFile file = new HostsFile();
        file.apply(file.diff(List.of(a, b)));
        return file;
    }

    @Test
    void sameEntries_noChange() {
        HostsFile file = ab();
        HostsFile.Change change = file.diff(List.of(b, a));

        assertThat(change.changed()).isFalse();
        assertThat(file.diff(List.of(a), List.of()).changed()).isFalse();
        assertThat(file.diff(List.of(), List.of(c.address())).changed()).isFalse();
    }

    @Test
    void addedAndReleased_appearAndLeave() {
        HostsFile file = ab();
        HostsFile.Change change = file.diff(List.of(b, c));

        assertThat(change.removed()).containsExactly(a);
        assertThat(change.addedText()).isEqualTo(HostsFile.render(List.of(c)));
        file.apply(change);
        assertThat(file.text()).isEqualTo(HostsFile.render(List.of(b, c)))
                .doesNotContain(a.mac().toString()).contains(c.mac() + ",vm-2," + c.address());
        assertThat(file.entries()).containsExactly(b, c);
    }

    @Test
    void changesOnly_sameOutcomeAsTheFullSet() {
        HostsFile file = ab();
        HostsFile.Change change = file.diff(List.of(c), List.of(a.address()));

        assertThat(change.removed()).containsExactly(a);
        assertThat(change.addedText()).isEqualTo(HostsFile.render(List.of(c)));
        file.apply(change);
        assertThat(file.text()).isEqualTo(HostsFile.render(List.of(b, c)));
    }

    @Test
    void addressGivenToAnotherMac_oldLeaseGoes() {
        HostEntry moved = new HostEntry(new MacAddress(a.mac().bits() + 100), a.hostname(), a.address());

        for (HostsFile.Change change : List.of(ab().diff(List.of(moved, b)), ab().diff(List.of(moved), List.of()))) {
            assertThat(change.removed()).containsExactly(a);
            assertThat(change.addedText()).startsWith(moved.mac() + ",");
        }
        HostsFile file = ab();
        file.apply(file.diff(List.of(moved), List.of()));
        assertThat(file.entries()).containsExactly(moved, b);
    }

    @Test
    void linesInAddressOrder_whateverTheInputOrder() {
        assertThat(HostsFile.render(List.of(c, a, b))).isEqualTo(HostsFile.render(List.of(a, b, c)));
        assertThat(new HostsFile().diff(List.of()).changed()).isFalse();
        assertThat(ab().diff(List.of()).removed()).containsExactlyInAnyOrder(a, b);
    }
}
