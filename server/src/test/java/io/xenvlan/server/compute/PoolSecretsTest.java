package io.xenvlan.server.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.hypervisor.PasswordSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolSecretsTest {
    @TempDir
    Path root;

    private PoolSecrets secrets() throws Exception {
        return new PoolSecrets(Files.createDirectories(root.resolve("pool-secrets")));
    }

    private static void assertRefused(PoolSecrets secrets, String source) {
        assertThatThrownBy(() -> secrets.check(source)).as(source).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("password_source"));
    }

    @Test
    void aRegularFileInside_isAccepted() throws Exception {
        PoolSecrets secrets = secrets();
        Path file = Files.writeString(secrets.directory().resolve("lab.password"), "secret\n");
        Files.createDirectories(secrets.directory().resolve("site"));
        Path nested = Files.writeString(secrets.directory().resolve("site/b.password"), "secret\n");
        assertThat(secrets.check("file:" + file)).isEqualTo(new PasswordSource.File(file));
        assertThat(secrets.check("file:" + nested)).isEqualTo(new PasswordSource.File(nested));
    }

    @Test
    void aSymlinkInside_isRefusedEvenToAFileInside() throws Exception {
        PoolSecrets secrets = secrets();
        Path outside = Files.writeString(root.resolve("hostname"), "not a password\n");
        Path inside = Files.writeString(secrets.directory().resolve("real.password"), "secret\n");
        assertRefused(secrets, "file:" + Files.createSymbolicLink(secrets.directory().resolve("out.password"), outside));
        assertRefused(secrets, "file:" + Files.createSymbolicLink(secrets.directory().resolve("in.password"), inside));
    }

    @Test
    void aFileUnderASymlinkedDirectory_isRefused() throws Exception {
        PoolSecrets secrets = secrets();
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("x.password"), "secret\n");
        Files.createSymbolicLink(secrets.directory().resolve("linked"), elsewhere);
        assertRefused(secrets, "file:" + secrets.directory().resolve("linked/x.password"));
    }

    @Test
    void aDirectoryOrAMissingFile_isRefused() throws Exception {
        PoolSecrets secrets = secrets();
        assertRefused(secrets, "file:" + Files.createDirectories(secrets.directory().resolve("dir")));
        assertRefused(secrets, "file:" + secrets.directory());
        assertRefused(secrets, "file:" + secrets.directory().resolve("missing.password"));
    }

    @Test
    void environmentVariables_needTheprefixAndASuffix() throws Exception {
        PoolSecrets secrets = secrets();
        assertRefused(secrets, "env:XENVLAN_POOL_");
        assertRefused(secrets, "env:XENVLAN_DB_PASSWORD");
        assertThat(secrets.check("env:XENVLAN_POOL_LAB")).isEqualTo(new PasswordSource.Environment("XENVLAN_POOL_LAB"));
    }

    @Test
    void aUrlWithUserInfo_isRefusedSayingWhereCredentialsGo() {
        assertThatThrownBy(() -> PoolSecrets.checkUrl(URI.create("http://root:secret@pool.example")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("password_source").hasMessageContaining("user").hasMessageNotContaining("secret@");
        assertThat(PoolSecrets.checkUrl(URI.create("https://pool.example:8443"))).hasToString("https://pool.example:8443");
    }
}
