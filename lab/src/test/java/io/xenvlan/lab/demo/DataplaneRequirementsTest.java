package io.xenvlan.lab.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.sim.ovs.Prerequisites.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataplaneRequirementsTest {

    @Test
    void check_missingProgram_namesItsDebianPackage() {
        BackendFailureException e = catchThrowableOfType(() -> DataplaneRequirements.check("xenvlan demo --dataplane",
                List.of(new Tool("sh", "dash"), new Tool("xenvlan-no-such-dhcp-client", "udhcpc"))), BackendFailureException.class);

        assertThat(e.errorCode()).isEqualTo("DATAPLANE_PREREQUISITES");
        assertThat(e.params()).containsExactly("udhcpc");
        assertThat(e.getMessage()).contains("xenvlan demo --dataplane", "xenvlan-no-such-dhcp-client",
                "apt-get install -y udhcpc");
    }
}
