package io.xenvlan.xenapi.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolClientsTest {
    @TempDir
    Path dir;

    @Test
    void readSecret_takesTheFirstLineWithoutItsNewline() throws Exception {
        assertThat(PoolClients.readSecret(Files.writeString(dir.resolve("a"), "s3cret\r\nignored\n"))).isEqualTo("s3cret");
    }

    @Test
    void readSecret_emptyOrMissingFile_namesTheSettingNotTheContent() throws Exception {
        assertThatThrownBy(() -> PoolClients.readSecret(Files.writeString(dir.resolve("b"), "\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("password_file:");
        assertThatThrownBy(() -> PoolClients.readSecret(dir.resolve("missing")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("password_file:");
    }
}
