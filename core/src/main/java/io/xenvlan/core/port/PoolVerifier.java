package io.xenvlan.core.port;

import io.xenvlan.core.hypervisor.PoolSettings;

/** Checks that xenvlan can work with a pool before it is registered: it logs in once with the pool's settings. */
@FunctionalInterface
public interface PoolVerifier {
    /**
     * @throws io.xenvlan.core.error.InvalidInputException naming the setting at fault (an
     *         unreachable URL, a password the pool refuses, a password file or variable that cannot
     *         be read, a certificate that is not trusted) in words an operator can act on
     */
    void verify(PoolSettings pool);
}
