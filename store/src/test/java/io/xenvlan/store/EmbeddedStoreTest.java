package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store: its own 0700 directory, 0600 files, a generated password, encryption, one process at a time. */
class EmbeddedStoreTest {
    private static final String LABEL = "confidential-label-4711";

    @TempDir
    Path tmp;

    private static VlanManager manager(JdbcStore store) {
        return new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void newStore_ownerOnlyDirectoryAndFiles_passwordFileBeside() throws Exception {
        Path state = tmp.resolve("a/state");
        try (JdbcStore store = EmbeddedStore.open(state)) {
            manager(store).createNetworks(NetworkRequest.of(LABEL, "10.91.0.0/24"));
        }
        assertThat(mode(state)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.toList()).isNotEmpty().allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
        }
        assertThat(state.resolve("store-password")).exists();
        assertThat(Files.readString(state.resolve("store-password")).trim()).hasSize(43); // 256 bits, base64url
        try (JdbcStore again = EmbeddedStore.open(state)) {
            assertThat(manager(again).network(LABEL).label().value()).isEqualTo(LABEL);
        }
    }

    @Test
    void theEmbeddedStore_isItsHoldersAlone_anH2FileOpenedWithoutItsLockIsNot() {
        try (JdbcStore store = EmbeddedStore.open(tmp.resolve("state"))) {
            assertThat(store.soleUser()).as("one process opens a state directory's store at a time").isTrue();
        }
        try (JdbcStore unlocked = JdbcStore.open(StoreConfig.of("jdbc:h2:file:" + tmp.resolve("unlocked") + ";FILE_LOCK=NO"))) {
            assertThat(unlocked.soleUser()).as("others may open a file without H2's lock").isFalse();
        }
    }

    @Test
    void copiedStoreFileWithoutItsPasswordFile_cannotBeOpenedOrRead() throws Exception {
        Path state = tmp.resolve("state");
        try (JdbcStore store = EmbeddedStore.open(state)) {
            manager(store).createNetworks(NetworkRequest.of(LABEL, "10.91.0.0/24"));
        }
        Path thief = Files.createDirectory(tmp.resolve("thief"));
        Files.copy(state.resolve(EmbeddedStore.FILE), thief.resolve(EmbeddedStore.FILE));

        assertThat(new String(Files.readAllBytes(thief.resolve(EmbeddedStore.FILE)), StandardCharsets.ISO_8859_1))
                .as("the file's bytes are encrypted").doesNotContain(LABEL);
        for (String user : List.of("", "SA", EmbeddedStore.USER)) {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:h2:file:" + thief.resolve(EmbeddedStore.NAME) + ";IFEXISTS=TRUE",
                    user, "").close()).as("user '%s'", user).isInstanceOf(java.sql.SQLException.class);
        }
        assertThatThrownBy(() -> EmbeddedStore.open(thief)).isInstanceOfSatisfying(BackendFailureException.class,
                e -> assertThat(e.getMessage()).contains("password file").contains(thief.resolve("store-password").toString()));
        assertThat(thief.resolve("store-password")).doesNotExist();
        assertThat(new String(Files.readAllBytes(thief.resolve(EmbeddedStore.FILE)), StandardCharsets.ISO_8859_1))
                .doesNotContain(LABEL); // left as it was
    }

    @Test
    void olderStoreWithoutPassword_upgradedInPlace_keepsItsData() throws Exception {
        Path state = Files.createDirectory(tmp.resolve("old"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        // as older versions made it: user "" without a password, not encrypted
        try (JdbcStore old = JdbcStore.open(StoreConfig.of("jdbc:h2:file:" + state.resolve(EmbeddedStore.NAME)))) {
            manager(old).createNetworks(NetworkRequest.of(LABEL, "10.91.0.0/24"));
            manager(old).allocate(ProjectId.of("acme"), InstanceId.of("vm-1"), Optional.empty());
        }
        assertThat(new String(Files.readAllBytes(state.resolve(EmbeddedStore.FILE)), StandardCharsets.ISO_8859_1)).contains(LABEL);

        try (JdbcStore store = EmbeddedStore.open(state)) {
            assertThat(manager(store).addresses(Optional.empty(), Optional.of("acme").map(ProjectId::of), false)).hasSize(1);
        }

        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(mode(state.resolve("store-password"))).isEqualTo("rw-------");
        assertThat(mode(state.resolve(EmbeddedStore.FILE))).isEqualTo("rw-------");
        assertThat(state.resolve(StorePassword.BACKUP)).doesNotExist();
        assertThat(new String(Files.readAllBytes(state.resolve(EmbeddedStore.FILE)), StandardCharsets.ISO_8859_1)).doesNotContain(LABEL);
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:h2:file:" + state.resolve(EmbeddedStore.NAME) + ";IFEXISTS=TRUE",
                "", "").close()).isInstanceOf(java.sql.SQLException.class);
    }

    @Test
    void interruptedUpgrade_resumesFromItsBackup() throws Exception {
        Path state = Files.createDirectory(tmp.resolve("half"));
        try (JdbcStore old = JdbcStore.open(StoreConfig.of("jdbc:h2:file:" + state.resolve(EmbeddedStore.NAME)))) {
            manager(old).createNetworks(NetworkRequest.of(LABEL, "10.91.0.0/24"));
        }
        // stopped after the backup, with the store file half rewritten and no password file yet
        Files.copy(state.resolve(EmbeddedStore.FILE), state.resolve(StorePassword.BACKUP));
        Files.write(state.resolve(EmbeddedStore.FILE), new byte[4096]);

        try (JdbcStore store = EmbeddedStore.open(state)) {
            assertThat(manager(store).network(LABEL).label().value()).isEqualTo(LABEL);
        }
        assertThat(state.resolve(StorePassword.BACKUP)).doesNotExist();
    }

    @Test
    void oneProcessAtATime_theSecondWaitsThenSaysTheStoreIsBusy() {
        Path state = tmp.resolve("busy");
        try (JdbcStore store = EmbeddedStore.open(state)) {
            assertThat(StoreLock.tryAcquire(state)).isEmpty();
            assertThatThrownBy(() -> StoreLock.acquire(state, Duration.ofMillis(200))).isInstanceOfSatisfying(BackendFailureException.class,
                    e -> assertThat(e.getMessage()).contains("in use by another xenvlan process").contains("XENVLAN_STORE_WAIT"));
        }
        try (StoreLock lock = StoreLock.tryAcquire(state).orElseThrow()) {
            assertThat(lock.stateDir()).isEqualTo(state.toAbsolutePath());
        }
    }

    @Test
    void directoryOpenToOthersHoldingOtherThings_isRefusedAndLeftAlone() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(shared.resolve("notes.txt"), "someone else's");

        assertThatThrownBy(() -> EmbeddedStore.open(shared)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("state-dir"));
        assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
        assertThatThrownBy(() -> StateDirectory.prepare(Path.of("/tmp"))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void h2Urls_durableAndNeverServedOverTcp() {
        assertThat(StoreConfig.of("jdbc:h2:file:/x/y").url()).isEqualTo("jdbc:h2:file:/x/y;WRITE_DELAY=0");
        assertThat(StoreConfig.of("jdbc:h2:file:/x/y;WRITE_DELAY=0;LOCK_TIMEOUT=5").url()).isEqualTo("jdbc:h2:file:/x/y;WRITE_DELAY=0;LOCK_TIMEOUT=5");
        assertThatThrownBy(() -> StoreConfig.of("jdbc:h2:file:/x/y;AUTO_SERVER=TRUE")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.rule()).isEqualTo("no-auto-server"));
        assertThatThrownBy(() -> StoreConfig.of("jdbc:h2:file:/x/y;write_delay=500")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.rule()).isEqualTo("durable"));
        assertThat(StoreConfig.of("jdbc:h2:file:/x/y").withCredentials("u", "secret").toString()).doesNotContain("secret");
        assertThat(EmbeddedStore.url(Path.of("/s"))).contains(";WRITE_DELAY=0").doesNotContain("AUTO_SERVER");
    }

    @Test
    void closing_compactsTheFileOneRound_soShortUsesNeitherWaitForCompactionNorGrowIt() throws Exception {
        Path state = tmp.resolve("state");
        try (JdbcStore store = EmbeddedStore.open(state)) {
            manager(store).createNetworks(NetworkRequest.of(LABEL, "10.91.0.0/24"));
            try (var connection = store.dataSource().getConnection(); var statement = connection.createStatement();
                 var setting = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MAX_COMPACT_TIME'")) {
                assertThat(setting.next()).isTrue();
                assertThat(setting.getString(1)).as("milliseconds of compaction rounds on close: past 1 ms, no second round").isEqualTo("1");
            }
        }
        long settled = 0;
        for (int run = 1; run <= 30; run++) { // a command that only reads, again and again
            try (JdbcStore store = EmbeddedStore.open(state)) {
                assertThat(store.networks()).hasSize(1);
            }
            if (run == 5) {
                settled = Files.size(state.resolve(EmbeddedStore.FILE));
            }
        }
        assertThat(Files.size(state.resolve(EmbeddedStore.FILE))).as("each open and close writes; closing compacts it away")
                .isLessThan(settled + 64 * 1024);
    }
}
