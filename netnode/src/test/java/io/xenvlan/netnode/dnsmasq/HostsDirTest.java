package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsDirTest {
    @TempDir
    Path state;

    private Stream<String> names(Path dir) throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString()).sorted();
    }

    @Test
    void addedFiles_appearWhole_untilCleared_andAreBounded() throws IOException {
        HostsDir dir = new HostsDir(state.resolve("hosts.d"));
        dir.create();

        assertThat(dir.add("fa:16:3e:00:00:01,vm-1,10.9.0.3\n")).isEqualTo(32);
        dir.add("fa:16:3e:00:00:02,vm-2,10.9.0.4\n");

        assertThat(names(dir.dir())).containsExactly("added-1", "added-2");
        assertThat(Files.readString(dir.dir().resolve("added-2"))).isEqualTo("fa:16:3e:00:00:02,vm-2,10.9.0.4\n");
        dir.clear();
        assertThat(names(dir.dir())).isEmpty();
        for (int i = 0; i < HostsDir.MAX_ADDED; i++) {
            assertThat(dir.canAdd()).isTrue();
            dir.add("x\n");
        }
        assertThat(dir.canAdd()).isFalse();
        new HostsDir(dir.dir()).create(); // a restart starts from the hosts file alone
        assertThat(names(dir.dir())).isEmpty();
    }
}
