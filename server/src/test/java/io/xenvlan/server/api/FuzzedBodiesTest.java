package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Request bodies that are malformed JSON, carry wrong types or out-of-range values: every one gets
 * a 4xx (never a 5xx) with the error body, and the store is exactly as it was.
 */
class FuzzedBodiesTest {
    private static ApiFixture api;
    private static String before;

    private static final List<String> STRING_FIELDS = List.of("label", "cidr", "bridge", "bridge_interface", "gateway", "dns1", "dns2",
            "project");
    private static final List<String> INT_FIELDS = List.of("num_networks", "network_size", "vlan_start", "vlan", "mtu");

    @BeforeContainer
    static void start() {
        api = ApiFixture.h2();
        api.twoNetworks();
        api.post(api.admin, "/v1/addresses", "{\"project\":\"p1\",\"instance\":\"vm-1\"}");
        before = snapshot();
    }

    @AfterContainer
    static void stop() {
        api.close();
    }

    private static String snapshot() {
        return api.get(api.admin, "/v1/networks").text() + api.get(api.admin, "/v1/addresses?all=true&limit=1000").text()
                + api.get(api.admin, "/v1/pools").text() + api.get(api.admin, "/v1/vifs").text();
    }

    private static void assertRejected(ApiFixture.Reply r) {
        assertThat(r.status()).as(r.text()).isBetween(400, 499);
        assertThat(r.json()).as(r.text()).isNotNull();
        assertThat(r.json().get("code").asText()).isIn("invalid_input", "forbidden");
    }

    @Property(tries = 150)
    void createNetworks_wrongTypes(@ForAll("wrongTypedNetworkBodies") String body) {
        assertRejected(api.post(api.admin, "/v1/networks", body));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Property(tries = 150)
    void anyEndpoint_malformedJson(@ForAll("malformed") String body, @ForAll("writeEndpoints") String[] endpoint) {
        assertRejected(api.send(api.admin, endpoint[0], endpoint[1], body));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Property(tries = 100)
    void allocate_wrongTypesAndHugeValues(@ForAll("wrongTypedAllocations") String body) {
        assertRejected(api.post(api.p1, "/v1/addresses", body));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Property(tries = 100)
    void poolsAndVifs_wrongTypes(@ForAll("wrongTypedComputeBodies") String body, @ForAll boolean pool) {
        assertRejected(api.post(api.admin, pool ? "/v1/pools" : "/v1/vifs", body));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Provide
    Arbitrary<String> wrongTypedComputeBodies() {
        Arbitrary<String> field = Arbitraries.of("name", "url", "user", "password_source", "project", "pool", "vm");
        Arbitrary<String> badString = Combinators.combine(field, notAString()).as((f, v) -> "\"" + f + "\":" + v);
        Arbitrary<String> badRate = notAnInt().map(v -> "\"rate_kbps\":" + v);
        Arbitrary<String> password = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(30).map(p -> "\"password\":\"" + p + "\"");
        return Arbitraries.oneOf(badString, badRate, password).map(b -> "{" + b + "}");
    }

    @Provide
    Arbitrary<String[]> writeEndpoints() {
        return Arbitraries.of(new String[] {"POST", "/v1/networks"}, new String[] {"PUT", "/v1/projects/p1/network"},
                new String[] {"POST", "/v1/addresses"}, new String[] {"POST", "/v1/pools"}, new String[] {"POST", "/v1/vifs"},
                new String[] {"POST", "/v1/networks/net_1/handover"});
    }

    /** Values of a JSON type other than the field's. */
    private static Arbitrary<String> notAString() {
        return Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf), Arbitraries.of("true", "false", "[]", "{}", "1.5",
                "[\"10.0.0.0/24\"]", "{\"a\":1}"), Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(20),
                java.math.BigInteger.TEN.pow(60)).map(String::valueOf));
    }

    private static Arbitrary<String> notAnInt() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMaxLength(12).map(s -> "\"" + s + "\""),
                Arbitraries.of("true", "[]", "{}", "1.5", "-0.25", "1e400", "99999999999", "-99999999999", "\"\""),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TWO.pow(31), java.math.BigInteger.TEN.pow(80)).map(String::valueOf));
    }

    @Provide
    Arbitrary<String> wrongTypedNetworkBodies() {
        Arbitrary<String> badString = Combinators.combine(Arbitraries.of(STRING_FIELDS), notAString())
                .as((f, v) -> "\"" + f + "\":" + v);
        Arbitrary<String> badInt = Combinators.combine(Arbitraries.of(INT_FIELDS), notAnInt()).as((f, v) -> "\"" + f + "\":" + v);
        Arbitrary<String> unknown = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)
                .filter(f -> !STRING_FIELDS.contains(f) && !INT_FIELDS.contains(f)).map(f -> "\"" + f + "_x\":1");
        return Combinators.combine(Arbitraries.oneOf(badString, badInt, unknown), Arbitraries.integers().between(0, 2))
                .as((bad, where) -> switch (where) {
                    case 0 -> "{" + bad + "}";
                    case 1 -> "{\"label\":\"fz\",\"cidr\":\"10.99.0.0/24\"," + bad + "}";
                    default -> "{" + bad + ",\"label\":\"fz\",\"cidr\":\"10.99.0.0/24\"}";
                });
    }

    @Provide
    Arbitrary<String> wrongTypedAllocations() {
        Arbitrary<String> bad = Combinators.combine(Arbitraries.of("project", "instance", "address"), notAString())
                .as((f, v) -> "\"" + f + "\":" + v);
        Arbitrary<String> hugeString = Arbitraries.integers().between(65_536, 200_000)
                .map(n -> "\"instance\":\"" + "x".repeat(n) + "\"");
        Arbitrary<String> badValue = Arbitraries.of("\"address\":\"10.20.0.999\"", "\"address\":\"10.20.1.5\"",
                "\"instance\":\"\"", "\"instance\":\"" + "y".repeat(300) + "\"", "\"address\":\"10.20.0.0\"");
        return Arbitraries.oneOf(bad, hugeString, badValue).map(b -> "{\"project\":\"p1\",\"instance\":\"vm-f\"," + b + "}"
                .replace("\"project\":\"p1\",\"instance\":\"vm-f\",\"project\"", "\"instance\":\"vm-f\",\"project\"")
                .replace("\"instance\":\"vm-f\",\"instance\"", "\"project\":\"p1\",\"instance\""));
    }

    @Provide
    Arbitrary<String> malformed() {
        String valid = "{\"label\":\"fz\",\"cidr\":\"10.99.0.0/24\",\"num_networks\":1,\"network\":\"net_2\",\"project\":\"p1\"}";
        Arbitrary<String> truncated = Arbitraries.integers().between(1, valid.length() - 1).map(n -> valid.substring(0, n));
        Arbitrary<String> garbage = Arbitraries.strings().ofMinLength(1).ofMaxLength(200)
                .filter(s -> !s.isBlank() && !(s.strip().startsWith("{") && s.strip().endsWith("}")));
        Arbitrary<String> nested = Arbitraries.integers().between(10, 5000).map(n -> "[".repeat(n) + "]".repeat(n));
        Arbitrary<String> trailing = Arbitraries.of(valid + "}", valid + " x", "{\"network\":\"net_2\"}{}", "{'network':'net_2'}",
                "{\"network\":\"net_2\",}", "null", "\"text\"", "42", "[]", "{\"network\":\"\\ud800\"");
        return Arbitraries.oneOf(truncated, garbage, nested, trailing);
    }
}
