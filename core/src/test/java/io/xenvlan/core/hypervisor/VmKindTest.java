package io.xenvlan.core.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The VM table's records told apart by their flags (a snapshot is a template too in xapi). */
class VmKindTest {
    @Test
    void flags_makeTheKind() {
        assertThat(VmKind.of(false, false, false)).isEqualTo(VmKind.GUEST);
        assertThat(VmKind.of(true, false, false)).isEqualTo(VmKind.TEMPLATE);
        assertThat(VmKind.of(true, true, false)).isEqualTo(VmKind.SNAPSHOT);
        assertThat(VmKind.of(false, false, true)).isEqualTo(VmKind.CONTROL_DOMAIN);
        assertThat(VmKind.CONTROL_DOMAIN.describe()).isEqualTo("control domain");
    }
}
