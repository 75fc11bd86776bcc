package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every bad input of the issue: a clear error naming the field and the rule, and the store
 * exactly as it was (networks, every address's state and the change sequence).
 */
interface BadInputContract extends StoreFixture {

    /** Runs {@code call} on a store holding net (10.0.0.0/24, VLAN 100) owned by p with one allocation, and a free net2. */
    default XenvlanException rejected(Runnable call, Class<? extends XenvlanException> type, String field, String ruleText) {
        seed();
        Snapshot before = snapshot();
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(type);
        XenvlanException e = (XenvlanException) thrown;
        assertThat(e.getMessage()).startsWith(field).containsIgnoringCase(ruleText);
        assertThat(snapshot()).isEqualTo(before);
        return e;
    }

    default void seed() {
        if (store().networks().isEmpty()) {
            manager().createNetworks(NetworkRequest.of("net", "10.0.0.0/24"));
            manager().createNetworks(NetworkRequest.of("net2", "10.0.1.0/29").withCount(1, 8).withVlan(200));
            manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        }
    }

    default void create(NetworkRequest r) {
        manager().createNetworks(r);
    }

    @Test
    default void malformedCidr() {
        rejected(() -> create(NetworkRequest.of("x", "10.5.0/24")), InvalidInputException.class, "cidr", "not an ipv4 address");
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0")), InvalidInputException.class, "cidr", "not a cidr");
    }

    @Test
    default void badDnsDomain() {
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0/24").withDnsDomain("corp_net.example")), InvalidInputException.class,
                "dns_domain", "not a DNS domain");
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0/24").withDnsDomain("a".repeat(63) + ".b".repeat(100))),
                InvalidInputException.class, "dns_domain", "at most 253");
    }

    @Test
    default void cidrWithHostBits() {
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.1/24")), InvalidInputException.class, "cidr", "host bits");
    }

    @Test
    default void prefixBeyondSlash30() {
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0/24").withCount(1, 4)), InvalidInputException.class,
                "network-size", "/29");
    }

    @Test
    default void networkSizeNotPowerOfTwo() {
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0/24").withCount(1, 100)), InvalidInputException.class,
                "network-size", "power of two");
    }

    @Test
    default void networkSizeTooSmall() {
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0/24").withCount(1, 2)), InvalidInputException.class,
                "network-size", "at least 8");
    }

    @Test
    default void moreNetworksThanTheRangeHolds() {
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0/24").withCount(3, 128)), InvalidInputException.class,
                "num-networks", "holds 256");
    }

    @Test
    default void vlanOutsideRange() {
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0/24").withVlan(0)), InvalidInputException.class, "vlan", "between 1 and 4094");
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0/24").withVlan(4095)), InvalidInputException.class, "vlan", "between 1 and 4094");
    }

    @Test
    default void vlanAlreadyUsed() {
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0/24").withVlan(100)), ConflictException.class, "vlan", "already used");
    }

    @Test
    default void rangeOverlappingAnExistingNetwork() {
        rejected(() -> create(NetworkRequest.of("x", "10.0.0.0/16").withCount(1, 256)), ConflictException.class, "cidr", "overlaps");
        rejected(() -> create(NetworkRequest.of("x", "10.0.0.128/25").withCount(1, 128)), ConflictException.class, "cidr", "overlaps");
    }

    @Test
    default void duplicateLabel() {
        rejected(() -> create(NetworkRequest.of("net", "10.5.0.0/24")), ConflictException.class, "label", "already exists");
    }

    @Test
    default void duplicateBridge() {
        rejected(() -> create(NetworkRequest.of("x", "10.5.0.0/24").withBridge("br100")), ConflictException.class, "bridge", "already used");
    }

    @Test
    default void unknownProject() {
        rejected(() -> manager().disassociate(ProjectId.of("nobody")), NotFoundException.class, "project", "not found");
        rejected(() -> manager().addresses(Optional.empty(), Optional.of("nobody").map(ProjectId::of), false), NotFoundException.class, "project", "not found");
        rejected(() -> manager().allocate(ProjectId.of("bad project!"), InstanceId.of("vm"), Optional.empty()), InvalidInputException.class, "project", "not a project id");
    }

    @Test
    default void unknownNetwork() {
        rejected(() -> manager().network("nope"), NotFoundException.class, "network", "not found");
        rejected(() -> manager().deleteNetwork("999999"), NotFoundException.class, "network", "not found");
        rejected(() -> manager().associate(ProjectId.of("q"), Optional.of("nope")), NotFoundException.class, "network", "not found");
    }

    @Test
    default void requestedAddressOutsideTheNetwork() {
        rejected(() -> manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.of("10.0.1.3")), InvalidInputException.class, "address", "not in network");
        rejected(() -> manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.of("192.0.2.1")), InvalidInputException.class, "address", "not in network");
        rejected(() -> manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.of("10.0.0.1")), InvalidInputException.class, "address", "reserved");
        rejected(() -> manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.of("10.0.0.256")), InvalidInputException.class, "address", "not an ipv4");
    }

    @Test
    default void requestedAddressAlreadyTaken() {
        rejected(() -> manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.of("10.0.0.3")), ConflictException.class, "address", "already allocated");
    }

    @Test
    default void exhaustedPool() {
        seed();
        for (int i = 0; i < 4; i++) {
            manager().allocate(ProjectId.of("q"), InstanceId.of("vm-q" + i), Optional.empty());
        }
        XenvlanException e = rejected(() -> manager().allocate(ProjectId.of("q"), InstanceId.of("vm-q5"), Optional.empty()), ExhaustedException.class,
                "address", "no free address in network 'net2' (10.0.1.0/29)");
        assertThat(e.details()).containsEntry("field", "address").containsEntry("rule", "free-address");
    }

    @Test
    default void noFreeNetworkForANewProject() {
        seed();
        manager().associate(ProjectId.of("q"), Optional.empty());
        rejected(() -> manager().allocate(ProjectId.of("r"), InstanceId.of("vm-r"), Optional.empty()), ExhaustedException.class, "project",
                "no free network for project r");
        rejected(() -> manager().associate(ProjectId.of("r"), Optional.empty()), ExhaustedException.class, "project", "no free network");
    }
}
