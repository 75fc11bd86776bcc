package io.xenvlan.netnode.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpCommandsTest {

    @Test
    void words_splitAtRunsOfSpacesAndTabs() {
        assertThat(IpCommands.words("  7: xvg101    inet 10.0.0.1/24\tscope global ")).containsExactly("7:", "xvg101", "inet", "10.0.0.1/24",
                "scope", "global");
        assertThat(IpCommands.words("   ")).isEmpty();
    }

    @Test
    void linkName_ofAnIpOLinkLine_withoutItsPeer() {
        assertThat(IpCommands.linkName("7: xvg101@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP")).contains("xvg101");
        assertThat(IpCommands.linkName("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536")).contains("lo");
        assertThat(IpCommands.linkName("    link/ether 92:fb:93:46:e1:ba brd ff:ff:ff:ff:ff:ff")).isEmpty();
    }
}
