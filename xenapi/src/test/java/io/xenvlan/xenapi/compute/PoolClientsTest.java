package io.xenvlan.xenapi.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.port.PoolStore;
import io.xenvlan.store.JdbcPoolStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import io.xenvlan.xenapi.client.XenApiCallObserver;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void settings_areTheOnesTheClientWasMadeFrom_readFromTheStoreOnce() throws Exception {
        PoolName pool = PoolName.of("lab");
        try (TestDatabase database = TestDatabase.h2(); JdbcStore store = database.open()) {
            JdbcPoolStore real = JdbcPoolStore.on(store, Clock.systemUTC());
            PoolSettings settings = new PoolSettings(pool, URI.create("http://127.0.0.1:9/"), "root", new PasswordSource.Environment("XENVLAN_POOL_LAB"),
                    VifDriver.BRIDGE, Optional.empty(), PoolTls.system());
            real.addPool(settings);
            AtomicInteger reads = new AtomicInteger();
            PoolStore counting = (PoolStore) Proxy.newProxyInstance(PoolStore.class.getClassLoader(), new Class<?>[] {PoolStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("pool")) {
                            reads.incrementAndGet();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            try (PoolClients clients = new PoolClients(counting, Map.of("XENVLAN_POOL_LAB", "pw")::get, XenApiCallObserver.NONE)) {
                clients.client(pool);
                assertThat(clients.settings(pool)).isEqualTo(settings);
                assertThat(clients.settings(pool)).isEqualTo(settings);
                assertThat(reads).hasValue(1);
                assertThatThrownBy(() -> clients.settings(PoolName.of("other"))).isInstanceOf(NotFoundException.class);
            }
        }
    }
}
