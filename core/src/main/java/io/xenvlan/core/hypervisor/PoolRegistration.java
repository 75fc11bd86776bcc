package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.port.PoolStore;
import io.xenvlan.core.port.PoolVerifier;
import java.util.Map;

/**
 * {@code pool add}: a pool is stored only once xenvlan logged in to it with its settings, so a
 * typo in the URL, a wrong password or an untrusted certificate is found at once, not at the
 * first attach. An operator registering a pool that cannot be reached yet says so ({@code --no-verify}).
 */
public final class PoolRegistration {
    private final PoolStore pools;
    private final PoolVerifier verifier;

    public PoolRegistration(PoolStore pools, PoolVerifier verifier) {
        this.pools = pools;
        this.verifier = verifier;
    }

    /**
     * @param verify whether to log in to the pool first
     * @throws ConflictException when a pool with that name exists
     * @throws io.xenvlan.core.error.InvalidInputException when the pool refuses or cannot be reached (see {@link PoolVerifier})
     */
    public void add(PoolSettings pool, boolean verify) {
        if (pools.pool(pool.name()).isPresent()) {
            throw new ConflictException("pool: a pool named " + pool.name() + " exists", Map.of("pool", pool.name().value()));
        }
        if (verify) {
            verifier.verify(pool);
        }
        pools.addPool(pool);
    }
}
