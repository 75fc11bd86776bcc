package io.xenvlan.sim.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class XmlRpcCodecTest {
    private static byte[] call(String method, String... values) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<methodCall><methodName>" + method + "</methodName><params>");
        for (String v : values) {
            sb.append("\n  <param>").append(v).append("</param>");
        }
        return sb.append("</params></methodCall>").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decode_everyInboundType() throws Exception {
        RpcCall c = XmlRpcCodec.decode(call("VLAN.create",
                "<value>OpaqueRef:s</value>", "<value><string>x &amp; y</string></value>", "<value><i4>5</i4></value>",
                "<value><int>-6</int></value>", "<value><i8>7000000000</i8></value>", "<value><boolean>1</boolean></value>",
                "<value><double>1.5</double></value>", "<value><dateTime.iso8601>20250319T04:16:24Z</dateTime.iso8601></value>",
                "<value><struct><member><name>k</name><value><array><data><value>a</value><value><i4>1</i4></value></data></array></value></member></struct></value>",
                "<value></value>", "<value><nil/></value>"));
        assertThat(c.method()).isEqualTo("VLAN.create");
        assertThat(c.params()).containsExactly("OpaqueRef:s", "x & y", 5L, -6L, 7000000000L, true, 1.5,
                Instant.parse("2025-03-19T04:16:24Z"), Map.of("k", List.of("a", 1L)), "", null);
    }

    @Test
    void decode_noParamsAndComments() throws Exception {
        RpcCall c = XmlRpcCodec.decode("<methodCall><!-- hi --><methodName>pool.get_all</methodName></methodCall>"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(c.params()).isEmpty();
    }

    @Test
    void encode_successAndFailureLikeXapi() {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("VLAN", -1L);
        rec.put("physical", true);
        rec.put("PIFs", List.of());
        rec.put("finished", Instant.parse("2025-03-19T04:16:24Z"));
        String ok = new String(XmlRpcCodec.success(rec), StandardCharsets.UTF_8);
        assertThat(ok).contains("<member><name>Status</name><value>Success</value></member>")
                .contains("<member><name>VLAN</name><value>-1</value></member>")
                .contains("<value><boolean>1</boolean></value>")
                .contains("<value><array><data></data></array></value>")
                .contains("<dateTime.iso8601>20250319T04:16:24Z</dateTime.iso8601>");
        String fail = new String(XmlRpcCodec.failure(List.of("PIF_VLAN_EXISTS", "eth1")), StandardCharsets.UTF_8);
        assertThat(fail).contains("<name>Status</name><value>Failure</value>")
                .contains("<name>ErrorDescription</name><value><array><data><value>PIF_VLAN_EXISTS</value><value>eth1</value></data></array></value>");
        assertThat(new String(XmlRpcCodec.success(""), StandardCharsets.UTF_8)).contains("<name>Value</name><value></value>");
    }

    @Test
    void decode_refusesDtdsAndEntities() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
                + "<methodCall><methodName>&b;</methodName></methodCall>";
        String external = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
                + "<methodCall><methodName>m</methodName><params><param><value>&e;</value></param></params></methodCall>";
        String dtdOnly = "<?xml version=\"1.0\"?><!DOCTYPE methodCall SYSTEM \"http://127.0.0.1:1/x.dtd\"><methodCall><methodName>m</methodName></methodCall>";
        for (String doc : List.of(laughs, external, dtdOnly)) {
            assertThatThrownBy(() -> XmlRpcCodec.decode(doc.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(MalformedRequestException.class);
        }
    }

    @Test
    void decode_boundsNesting() throws Exception {
        String ok = "<value><array><data>".repeat(XmlRpcCodec.MAX_DEPTH - 1) + "<value>x</value>"
                + "</data></array></value>".repeat(XmlRpcCodec.MAX_DEPTH - 1);
        assertThat(XmlRpcCodec.decode(call("m", ok)).params()).hasSize(1);
        String deep = "<value><array><data>".repeat(XmlRpcCodec.MAX_DEPTH) + "<value>x</value>"
                + "</data></array></value>".repeat(XmlRpcCodec.MAX_DEPTH);
        assertThatThrownBy(() -> XmlRpcCodec.decode(call("m", deep))).isInstanceOf(MalformedRequestException.class);
    }

    @Test
    void decode_rejectsMalformedShapes() {
        for (String doc : List.of("", "<methodCall/>", "<methodCall><methodName></methodName></methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><i4>x</i4></value></param></params></methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><boolean>2</boolean></value></param></params></methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><bogus/></value></param></params></methodCall>",
                "<methodCall><methodName>m</methodName></methodCall><extra/>",
                "<methodCall><methodName>m</methodName>text</methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value>a<i4>1</i4></value></param></params></methodCall>")) {
            assertThatThrownBy(() -> XmlRpcCodec.decode(doc.getBytes(StandardCharsets.UTF_8))).as(doc)
                    .isInstanceOf(MalformedRequestException.class);
        }
    }

    @Property(tries = 300)
    void strings_roundTripThroughEscaping(@ForAll("xmlText") String s) throws Exception {
        RpcCall c = XmlRpcCodec.decode(call("m", XmlRpcCodec.encodeValue(s), XmlRpcCodec.encodeValue(Map.of(s, List.of(s)))));
        assertThat(c.params()).containsExactly(s, Map.of(s, List.of(s)));
    }

    @Provide
    Arbitrary<String> xmlText() {
        return Arbitraries.strings().withChars("<>&\"' \t\nab]]é€").ofMaxLength(40);
    }

    @Property(tries = 2000)
    void garbage_isMalformedNeverACrash(@ForAll byte[] body) {
        try {
            XmlRpcCodec.decode(body);
        } catch (MalformedRequestException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 2000)
    void mutatedCalls_decodeOrAreMalformed(@ForAll("mutations") byte[] body) {
        try {
            XmlRpcCodec.decode(body);
        } catch (MalformedRequestException expected) {
            // the only failure allowed
        }
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        byte[] valid = call("VLAN.create", "<value>OpaqueRef:s</value>", "<value><i4>5</i4></value>",
                "<value><struct><member><name>k</name><value><array><data><value>a</value></data></array></value></member></struct></value>");
        return Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(6)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(bytes -> {
                    byte[] copy = valid.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        copy[positions.get(i)] = bytes.get(i);
                    }
                    return copy;
                }));
    }
}
