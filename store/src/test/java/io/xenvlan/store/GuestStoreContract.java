package io.xenvlan.store;

import io.xenvlan.core.floating.FloatingPool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.floating.AssociationTarget;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestView;
import io.xenvlan.core.guest.SshPublicKey;
import io.xenvlan.core.guest.TestKeys;
import io.xenvlan.core.guest.UserData;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guest store (V37) on each database: profiles, unique host names per network, the metadata service's lookup. */
abstract class GuestStoreContract {
    private TestDatabase database;
    private JdbcStore store;
    private JdbcGuestStore guests;
    private VlanManager manager;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void open() {
        database = newDatabase();
        store = database.open();
        guests = JdbcGuestStore.on(store, Clock.systemUTC());
        manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
        manager.createNetworks(NetworkRequest.of("net", "10.0.0.0/16").withCount(2, 256));
    }

    @AfterEach
    void close() {
        store.close();
        database.close();
    }

    private static GuestProfile profile(String hostname, byte[] userData) {
        return new GuestProfile(new Hostname(hostname), "VM " + hostname,
                List.of(SshPublicKey.parse("k", TestKeys.ed25519(1, "ops@a")), SshPublicKey.parse("k", TestKeys.ed25519(2, ""))),
                Optional.of(UserData.of(userData)));
    }

    @Test
    void guestAt_findsTheVifHoldingTheAddress_withItsProfile() {
        Allocation a = manager.allocate(ProjectId.of("acme"), InstanceId.of("a0b1c2d3-0000-4000-8000-000000000001"), Optional.empty());
        long net = a.network().id();
        assertThat(guests.guestAt(net, a.address())).get().satisfies(v -> {
            assertThat(v.instanceId()).isEqualTo(InstanceId.of("a0b1c2d3-0000-4000-8000-000000000001"));
            assertThat(v.profile().hostname().value()).isEqualTo("a0b1c2d3-0000-4000-8000-000000000001");
            assertThat(v.profile().publicKeys()).isEmpty();
            assertThat(v.availabilityZone()).isEqualTo(JdbcGuestStore.NO_POOL_ZONE);
            assertThat(v.project()).isEqualTo(ProjectId.of("acme"));
            assertThat(v.mac()).isEqualTo(a.mac());
        });
        byte[] binary = {0, 1, 2, (byte) 0xff, '\n', 0};

        GuestProfile saved = guests.saveProfile(a.vifUuid(), profile("web", binary));

        GuestView view = guests.guestAt(net, a.address()).orElseThrow();
        assertThat(view.profile()).isEqualTo(saved).isEqualTo(profile("web", binary));
        assertThat(view.profile().userData().orElseThrow().bytes()).containsExactly(binary);
        assertThat(guests.profile(a.vifUuid())).contains(saved);
    }

    @Test
    void guestAt_publicIpv4_theFloatingIpAssociatedWithTheAddress_noneWithout_goneOnDisassociate() {
        Allocation a = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-a"), Optional.empty());
        Allocation b = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-b"), Optional.empty());
        FloatingIps fips = new FloatingIps(JdbcFloatingStore.on(store, Clock.systemUTC()), store, new FloatingConfig(10, false));
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/28", Optional.empty()));
        FloatingIp floating = fips.allocate(ProjectId.of("acme"), Optional.empty());
        assertThat(guests.guestAt(a.network().id(), a.address()).orElseThrow().publicIpv4()).isEmpty();

        fips.associate(floating.address(), new AssociationTarget.FixedAddress(a.address()));

        assertThat(guests.guestAt(a.network().id(), a.address()).orElseThrow().publicIpv4()).contains(floating.address());
        assertThat(guests.guestAt(b.network().id(), b.address()).orElseThrow().publicIpv4()).isEmpty();
        fips.disassociate(floating.address());
        assertThat(guests.guestAt(a.network().id(), a.address()).orElseThrow().publicIpv4()).isEmpty();
    }

    @Test
    void theNodesReads_oneNetworkOrManyAtOnce_nameTheVifByItsProfile() {
        Allocation a = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-a"), Optional.empty());
        Allocation b = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-b"), Optional.empty());
        long net = a.network().id();
        guests.saveProfile(a.vifUuid(), profile("web", new byte[0]));

        assertThat(store.hostEntries(net)).extracting(e -> e.hostname().value()).containsExactly("web", "vm-b");
        assertThat(store.hostEntries(List.of(net)).get(net)).isEqualTo(store.hostEntries(net));
        assertThat(store.hostEntries(List.of(net)).get(net)).extracting(e -> e.address())
                .containsExactly(a.address(), b.address());
    }

    @Test
    void guestAt_nothingForAnAddressNoVmHolds_orInAnotherNetwork_orOnceReleased() {
        Allocation a = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-a"), Optional.empty());
        Network other = manager.allocate(ProjectId.of("globex"), InstanceId.of("vm-g"), Optional.empty()).network();

        assertThat(guests.guestAt(a.network().id(), a.address().plus(100))).isEmpty();
        assertThat(guests.guestAt(other.id(), a.address())).isEmpty();
        assertThat(guests.guestAt(a.network().id(), Ipv4Address.parse("192.0.2.1"))).isEmpty();

        manager.release(a.address().toString());

        assertThat(guests.guestAt(a.network().id(), a.address())).isEmpty();
    }

    @Test
    void saveProfile_aTakenHostnameGetsTheLowestFreeSuffix_perNetwork() {
        Allocation a = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-a"), Optional.empty());
        Allocation b = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-b"), Optional.empty());
        Allocation c = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-c"), Optional.empty());
        Allocation g = manager.allocate(ProjectId.of("globex"), InstanceId.of("vm-g"), Optional.empty());

        assertThat(guests.saveProfile(a.vifUuid(), profile("web", new byte[0])).hostname().value()).isEqualTo("web");
        assertThat(guests.saveProfile(b.vifUuid(), profile("web", new byte[0])).hostname().value()).isEqualTo("web-2");
        assertThat(guests.saveProfile(c.vifUuid(), profile("web", new byte[0])).hostname().value()).isEqualTo("web-3");
        assertThat(guests.saveProfile(a.vifUuid(), profile("web", new byte[0])).hostname().value())
                .as("saving again keeps its own name").isEqualTo("web");
        assertThat(guests.saveProfile(g.vifUuid(), profile("web", new byte[0])).hostname().value())
                .as("another network").isEqualTo("web");
        assertThat(JdbcGuestStore.free(new Hostname("x".repeat(63)), java.util.Set.of("x".repeat(63))).value())
                .hasSize(63).endsWith("-2");
        assertThatThrownBy(() -> guests.saveProfile(UUID.randomUUID(), profile("web", new byte[0])))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aReleasedVifsProfileIsForgotten_itsHostnameFreeAgain() {
        Allocation a = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-a"), Optional.empty());
        Allocation b = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-b"), Optional.empty());
        Allocation c = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-c"), Optional.empty());
        guests.saveProfile(a.vifUuid(), profile("web", new byte[] {1}));
        guests.saveProfile(b.vifUuid(), profile("db", new byte[] {2}));

        manager.release(a.address().toString());
        assertThat(guests.saveProfile(c.vifUuid(), profile("web", new byte[0])).hostname().value())
                .as("the released VIF's name is taken no more").isEqualTo("web");
        assertThat(guests.profile(a.vifUuid())).isEmpty();

        manager.release(b.address().toString());
        assertThat(guests.profile(b.vifUuid())).isPresent();
        assertThat(guests.forgetReleased()).isEqualTo(1);
        assertThat(guests.profile(b.vifUuid())).isEmpty();
        assertThat(guests.profile(c.vifUuid())).isPresent();
    }

    @Test
    void saveProfile_racingAttachesOfOneNameGetDistinctNames() throws Exception {
        List<Allocation> vms = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            vms.add(manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-" + i), Optional.empty()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<GuestProfile>> saved = vms.stream()
                    .map(a -> pool.submit(() -> guests.saveProfile(a.vifUuid(), profile("db", new byte[0])))).toList();
            List<String> names = new java.util.ArrayList<>();
            for (Future<GuestProfile> f : saved) {
                names.add(f.get().hostname().value());
            }
            assertThat(names).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrder("db", "db-2", "db-3", "db-4", "db-5", "db-6", "db-7", "db-8");
        } finally {
            pool.shutdownNow();
        }
    }
}
