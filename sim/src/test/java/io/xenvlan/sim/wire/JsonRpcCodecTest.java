package io.xenvlan.sim.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonRpcCodecTest {
    private static JsonRpcCodec.Request decode(String json) throws JsonRpcCodec.ProtocolError {
        return JsonRpcCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void decode_v1AndV2_plainValues() throws Exception {
        JsonRpcCodec.Request v2 = decode("{\"jsonrpc\":\"2.0\",\"method\":\"VLAN.create\",\"params\":[\"s\",100,1.5,true,{\"k\":[\"v\"]},null],\"id\":3}");
        assertThat(v2.v2()).isTrue();
        assertThat(v2.call().params()).containsExactly("s", 100L, 1.5, true, Map.of("k", List.of("v")), null);
        JsonRpcCodec.Request v1 = decode("{\"method\":\"pool.get_all\",\"params\":[],\"id\":\"a\"}");
        assertThat(v1.v2()).isFalse();
    }

    @Test
    void encode_shapesOfBothVersions() throws Exception {
        JsonRpcCodec.Request v1 = decode("{\"method\":\"m\",\"params\":[],\"id\":1}");
        JsonRpcCodec.Request v2 = decode("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[],\"id\":1}");
        assertThat(text(JsonRpcCodec.success(v1, List.of(1L)))).isEqualTo("{\"result\":[1],\"error\":null,\"id\":1}");
        assertThat(text(JsonRpcCodec.failure(v1, List.of("C", "p")))).isEqualTo("{\"result\":null,\"error\":[\"C\",\"p\"],\"id\":1}");
        assertThat(text(JsonRpcCodec.success(v2, ""))).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"\",\"id\":1}");
        assertThat(text(JsonRpcCodec.failure(v2, List.of("C", "p"))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"C\",\"data\":[\"p\"]},\"id\":1}");
    }

    @Test
    void protocolErrors() {
        assertThat(catchThrowableOfType(() -> decode("{"), JsonRpcCodec.ProtocolError.class).getMessage()).isEqualTo("Parse error");
        assertThat(text(catchThrowableOfType(() -> decode("nope"), JsonRpcCodec.ProtocolError.class).encode()))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}");
        assertThat(catchThrowableOfType(() -> decode("{\"method\":\"m\",\"params\":[]}"), JsonRpcCodec.ProtocolError.class)
                .getMessage()).contains("id is required");
        assertThat(catchThrowableOfType(() -> decode("{\"method\":1,\"id\":1}"), JsonRpcCodec.ProtocolError.class)
                .getMessage()).contains("method");
        assertThat(catchThrowableOfType(() -> decode("{\"method\":\"m\",\"params\":{},\"id\":1}"), JsonRpcCodec.ProtocolError.class)
                .getMessage()).contains("params");
        assertThat(catchThrowableOfType(() -> decode("{\"method\":\"m\",\"id\":1} {}"), JsonRpcCodec.ProtocolError.class)
                .getMessage()).isEqualTo("Parse error");
        String deep = "{\"method\":\"m\",\"id\":1,\"params\":" + "[".repeat(JsonRpcCodec.MAX_DEPTH + 1)
                + "]".repeat(JsonRpcCodec.MAX_DEPTH + 1) + "}";
        assertThat(catchThrowableOfType(() -> decode(deep), JsonRpcCodec.ProtocolError.class)).isNotNull();
    }

    @Property(tries = 2000)
    void garbage_isProtocolErrorNeverACrash(@ForAll byte[] body) {
        try {
            JsonRpcCodec.decode(body);
        } catch (JsonRpcCodec.ProtocolError expected) {
            assertThat(expected.encode()).isNotEmpty();
        }
    }

    @Property(tries = 1000)
    void arbitraryStrings_inValidEnvelope_decodeOrFailCleanly(@ForAll String method, @ForAll String param) {
        String json = "{\"method\":" + quote(method) + ",\"params\":[" + quote(param) + "],\"id\":1}";
        try {
            JsonRpcCodec.Request r = decode(json);
            assertThat(r.call().method()).isEqualTo(method);
            assertThat(r.call().params()).containsExactly(param);
        } catch (JsonRpcCodec.ProtocolError e) {
            throw new AssertionError("valid envelope refused: " + json, e);
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            sb.append(c == '"' || c == '\\' || c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }
}
