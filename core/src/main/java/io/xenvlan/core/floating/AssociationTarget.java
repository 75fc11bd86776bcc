package io.xenvlan.core.floating;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Objects;

/** What {@code floating associate} points a floating IP at: a VM (its xenvlan address) or a fixed address. */
public sealed interface AssociationTarget {

    /** The VM's xenvlan address on its project's network. */
    record Vm(InstanceId vm) implements AssociationTarget {
        public Vm {
            Objects.requireNonNull(vm, "vm");
        }
    }

    /** A fixed address a VM holds. */
    record FixedAddress(Ipv4Address address) implements AssociationTarget {
        public FixedAddress {
            Objects.requireNonNull(address, "address");
        }
    }
}
