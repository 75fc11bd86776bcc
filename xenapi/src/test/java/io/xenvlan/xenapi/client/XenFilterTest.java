package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class XenFilterTest {

    @Test
    void eq_quotesFieldAndValue() {
        assertThat(XenFilter.eq("name__label", "br100")).isEqualTo("field \"name__label\"=\"br100\"");
    }

    @Test
    void combinators_parenthesiseBecauseAndOrShareOnePrecedence() {
        String expr = XenFilter.or(XenFilter.eq("VLAN", "-1"), XenFilter.and(XenFilter.eq("device", "eth1"),
                XenFilter.not(XenFilter.eq("physical", "true"))));
        assertThat(expr).isEqualTo("(field \"VLAN\"=\"-1\") or ((field \"device\"=\"eth1\") and "
                + "(not (field \"physical\"=\"true\")))");
    }

    @Test
    void valueWithDoubleQuote_isRefused() {
        assertThatThrownBy(() -> XenFilter.eq("name__label", "a\" or true or \""))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("filter.value:");
    }

    @Test
    void fieldThatIsNotAColumn_isRefused() {
        assertThatThrownBy(() -> XenFilter.eq("name label", "x"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("filter.field:");
    }
}
