package io.xenvlan.xenapi.compute;

import io.xenvlan.core.error.Causes;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.port.PoolStore;
import io.xenvlan.xenapi.client.Password;
import io.xenvlan.xenapi.client.TlsTrust;
import io.xenvlan.xenapi.client.XenApiCallObserver;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiClientConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One XenApiClient per registered pool, made on first use and shared by every thread; the
 * password is read from its file or environment variable at that moment and kept only inside
 * the client. The pool's settings are read from the store once, with the client, and the driver
 * uses those same settings (no store read per attach).
 */
public final class PoolClients implements AutoCloseable {
    private final PoolStore pools;
    private final Function<String, String> environment;
    private final XenApiCallObserver observer;
    private final Map<PoolName, Connection> clients = new ConcurrentHashMap<>();

    /** A pool's client and the settings it was made from. */
    private record Connection(PoolSettings settings, XenApiClient client) {}

    PoolClients(PoolStore pools) {
        this(pools, XenApiCallObserver.NONE);
    }

    /** Clients that report every XenAPI request they send to {@code observer} (metrics, say). */
    public PoolClients(PoolStore pools, XenApiCallObserver observer) {
        this(pools, System::getenv, observer);
    }

    PoolClients(PoolStore pools, Function<String, String> environment, XenApiCallObserver observer) {
        this.pools = pools;
        this.environment = environment;
        this.observer = observer;
    }

    /** @throws NotFoundException for a pool that is not registered */
    XenApiClient client(PoolName pool) {
        return connection(pool).client();
    }

    /**
     * The settings the pool's client was made from.
     *
     * @throws NotFoundException for a pool that is not registered
     */
    PoolSettings settings(PoolName pool) {
        return connection(pool).settings();
    }

    private Connection connection(PoolName pool) {
        return clients.computeIfAbsent(pool, name -> {
            PoolSettings settings = pools.pool(name).orElseThrow(() -> new NotFoundException("pool", name.value()));
            return new Connection(settings, XenApiClient.create(config(settings)));
        });
    }

    /** Drops (and logs out) the pool's client, e.g. after {@code pool remove}. */
    void forget(PoolName pool) {
        Connection connection = clients.remove(pool);
        if (connection != null) {
            connection.client().close();
        }
    }

    /**
     * A new client for the settings, not shared and not kept (the caller closes it): what a pool
     * about to be registered is checked with. Reads the password now.
     *
     * @throws InvalidInputException when the password file or variable cannot be read
     */
    XenApiClient probe(PoolSettings pool) {
        return XenApiClient.create(config(pool));
    }

    private XenApiClientConfig config(PoolSettings pool) {
        return XenApiClientConfig.builder(pool.url(), pool.username(), password(pool.password())).tls(tls(pool)).observer(observer).build();
    }

    private Password password(PasswordSource source) {
        if (source instanceof PasswordSource.File file) {
            return Password.of(readSecret(file.path()));
        }
        String variable = ((PasswordSource.Environment) source).variable();
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("password_env", "set", "password_env: environment variable " + variable + " is not set");
        }
        return Password.of(value);
    }

    /** The file's first line (a trailing newline is not part of the password). */
    static String readSecret(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            String secret = (newline < 0 ? text : text.substring(0, newline)).replace("\r", "");
            if (secret.isEmpty()) {
                throw new InvalidInputException("password_file", "non_empty", "password_file: " + file + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new InvalidInputException("password_file", "readable", "password_file: cannot read " + file + ": "
                    + Causes.describe(e));
        }
    }

    private static TlsTrust tls(PoolSettings pool) {
        return switch (pool.tls().mode()) {
            case SYSTEM -> TlsTrust.system();
            case CA_FILE -> TlsTrust.caFile(Path.of(pool.tls().value().orElseThrow()));
            case PINNED -> TlsTrust.pinned(pool.tls().value().orElseThrow());
            case INSECURE -> TlsTrust.insecure();
        };
    }

    @Override
    public void close() {
        clients.values().forEach(c -> c.client().close());
        clients.clear();
    }
}
