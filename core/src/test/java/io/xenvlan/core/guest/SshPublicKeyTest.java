package io.xenvlan.core.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshPublicKeyTest {

    @Test
    void parse_keysOpenSshMade(@TempDir Path dir) throws Exception {
        for (String type : List.of("ed25519", "rsa", "ecdsa")) {
            Path key = dir.resolve(type);
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "ops@" + type, "-f", key.toString())
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String line = Files.readString(dir.resolve(type + ".pub")).strip();

            SshPublicKey parsed = SshPublicKey.parse("public_keys[0]", line);

            assertThat(parsed.line()).isEqualTo(line);
            assertThat(parsed.name(0)).isEqualTo("ops@" + type);
        }
    }

    @Test
    void parse_refusesWhatIsNotAKey() {
        String good = TestKeys.ed25519(7, "");
        String blob = good.split(" ")[1];
        for (String bad : List.of("", "ssh-ed25519", "ssh-foo " + blob, "ssh-rsa " + blob, "ssh-ed25519 !!notbase64!!",
                "ssh-ed25519 " + blob.substring(0, 8), good + " comment\u0007bell")) {
            assertThatThrownBy(() -> SshPublicKey.parse("public_keys[2]", bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("public_keys[2]: must be");
        }
        assertThat(SshPublicKey.parse("k", good).name(1)).isEqualTo("key-2");
    }

    @Test
    void userData_atMost65535Bytes_neverPrinted() {
        assertThat(UserData.of(new byte[65535]).size()).isEqualTo(65535);
        assertThatThrownBy(() -> UserData.of(new byte[65536])).isInstanceOf(InvalidInputException.class)
                .hasMessage("user_data: must be at most 65535 bytes, got 65536");
        assertThat(UserData.of("#!/bin/sh\necho secret".getBytes()).toString()).doesNotContain("secret");
    }
}
