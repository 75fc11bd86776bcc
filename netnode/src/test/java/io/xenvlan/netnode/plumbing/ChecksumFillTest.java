package io.xenvlan.netnode.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ChecksumFillTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** nft -j list chain ip mangle POSTROUTING, as nft 1.0.6 prints a chain iptables-nft filled, with {@code rule} rules in it. */
    private static boolean listed(String... rules) throws Exception {
        StringBuilder json = new StringBuilder("{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}, {\"chain\": {\"family\": \"ip\","
                + " \"table\": \"mangle\", \"name\": \"POSTROUTING\", \"handle\": 1, \"type\": \"filter\", \"hook\": \"postrouting\"}}");
        for (String expr : rules) {
            json.append(", {\"rule\": {\"family\": \"ip\", \"table\": \"mangle\", \"chain\": \"POSTROUTING\", \"handle\": 2, \"expr\": [")
                    .append(expr).append("]}}");
        }
        return ChecksumFill.listed(JSON.readTree(json.append("]}").toString()), "xvg");
    }

    private static String oif(String name) {
        return "{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"oifname\"}}, \"right\": \"" + name + "\"}}";
    }

    private static final String COUNTER = "{\"counter\": {\"packets\": 0, \"bytes\": 0}}";
    private static final String CHECKSUM = "{\"xt\": {\"type\": \"target\", \"name\": \"CHECKSUM\"}}";

    @Test
    void theRule_asIptablesNftPutsIt_isListed() throws Exception {
        assertThat(listed(oif("other*") + ", " + COUNTER + ", {\"accept\": null}", oif("xvg*") + ", " + COUNTER + ", " + CHECKSUM)).isTrue();
    }

    @Test
    void noRule_anotherPrefix_anotherTarget_orAMatchMore_isNotTheRule() throws Exception {
        assertThat(listed()).isFalse();
        assertThat(listed(oif("xvh*") + ", " + COUNTER + ", " + CHECKSUM)).isFalse();
        assertThat(listed(oif("xvg*") + ", " + COUNTER + ", {\"xt\": {\"type\": \"target\", \"name\": \"TCPMSS\"}}")).isFalse();
        assertThat(listed(oif("xvg*") + ", {\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"l4proto\"}}, \"right\": \"udp\"}}, "
                + COUNTER + ", " + CHECKSUM)).isFalse();
        assertThat(listed(oif("xvg") + ", " + COUNTER + ", " + CHECKSUM)).isFalse();
    }
}
