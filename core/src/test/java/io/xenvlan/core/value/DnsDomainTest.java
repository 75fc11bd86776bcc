package io.xenvlan.core.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsDomainTest {

    @ParameterizedTest
    @ValueSource(strings = {"corp.example", "a", "x-1.y-2.example", "0.example", "internal"})
    void dnsNames_accepted(String name) {
        assertThat(DnsDomain.parse(name).value()).isEqualTo(name);
    }

    @Test
    void upperCase_keptInLowerCase() {
        assertThat(DnsDomain.parse("Corp.EXAMPLE").value()).isEqualTo("corp.example");
    }

    @Test
    void labelsOf63_andNamesOf253_accepted() {
        String label = "a".repeat(63);
        String longest = String.join(".", label, label, label, "b".repeat(61));
        assertThat(longest).hasSize(253);
        assertThat(DnsDomain.parse(longest).value()).isEqualTo(longest);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "-corp.example      | dns-name",
            "corp-.example      | dns-name",
            "corp..example      | dns-name",
            ".corp.example      | dns-name",
            "corp.example.      | dns-name",
            "corp_net.example   | dns-name",
            "corp example       | dns-name",
            "'corp/example'     | dns-name",
    })
    void badNames_refusedNamingFieldAndRule(String name, String rule) {
        assertThatThrownBy(() -> DnsDomain.parse(name)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("dns_domain");
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.getMessage()).startsWith("dns_domain: ").contains("labels of 1-63 characters a-z 0-9 -");
        });
    }

    @Test
    void labelOf64_refused() {
        assertThatThrownBy(() -> DnsDomain.parse("a".repeat(64) + ".example"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule()).isEqualTo("dns-name"));
    }

    @Test
    void nameOf254_refused() {
        String label = "a".repeat(63);
        String tooLong = String.join(".", label, label, label, "b".repeat(62));
        assertThat(tooLong).hasSize(254);
        assertThatThrownBy(() -> DnsDomain.parse(tooLong)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("dns_domain");
            assertThat(e.rule()).isEqualTo("max-length");
            assertThat(e.getMessage()).isEqualTo("dns_domain: must be at most 253 characters, got 254");
        });
    }

    @Test
    void empty_refusedAsRequired() {
        assertThatThrownBy(() -> DnsDomain.parse("")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("dns_domain"));
    }
}
