package io.xenvlan.store;

import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.AddressFilter;
import java.util.List;
import java.util.Optional;

/** What the store contract tests share: a migrated, emptied store, a VLAN manager over it and a fake clock. */
interface StoreFixture {
    JdbcStore store();

    MutableClock clock();

    TestDatabase database();

    /** The manager the tests share. */
    VlanManager manager();

    /** Another manager over the same store. */
    default VlanManager newManager() {
        return new VlanManager(store(), clock(), VlanManagerConfig.defaults());
    }

    /** {@code count} networks of {@code size} addresses from 10.0.0.0/16, VLANs from 100. */
    default List<Network> networks(int count, int size) {
        return manager().createNetworks(NetworkRequest.of("net", "10.0.0.0/16").withCount(count, size));
    }

    /** Everything the store holds that a user can see, to prove a rejected call changed nothing. */
    default Snapshot snapshot() {
        return new Snapshot(store().networks(),
                store().addresses(new AddressFilter(Optional.empty(), Optional.empty(), Optional.empty(), false)),
                highestStamp());
    }

    /**
     * The highest change stamp the store holds. The store's {@code changeSequence()} is exact on H2; on
     * PostgreSQL it is a lower bound that lags while any transaction of the server (another test's, in
     * another database) is in flight, so there the contract reads the stamps themselves.
     */
    default long highestStamp() {
        return store().changeSequence();
    }

    record Snapshot(List<Network> networks, List<FixedIp> addresses, long changeSequence) {}
}
