package io.xenvlan.core.port;

import io.xenvlan.core.network.Network;
import java.util.List;

/**
 * Plans new networks against the networks that exist. The store calls it inside the creating
 * transaction while holding its network-creation lock, so the plan cannot race another creation.
 */
@FunctionalInterface
public interface NetworkCarver {
    /**
     * @throws io.xenvlan.core.error.XenvlanException when the plan clashes with {@code existing}
     *         (nothing is written then)
     */
    List<NewNetwork> carve(List<Network> existing);
}
