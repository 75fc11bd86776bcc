package io.xenvlan.sim.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.sim.ovs.Prerequisites.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrerequisitesTest {

    @Test
    void missing_namesTheProgramAndItsPackage() {
        List<Tool> missing = Prerequisites.missing(List.of(new Tool("sh", "dash"),
                new Tool("xenvlan-no-such-program", "xenvlan-pkg"), new Tool("xenvlan-no-such-other", "xenvlan-pkg")));

        assertThat(missing).extracting(Tool::command).containsExactly("xenvlan-no-such-program", "xenvlan-no-such-other");
        assertThat(Prerequisites.packages(missing)).containsExactly("xenvlan-pkg");
    }
}
