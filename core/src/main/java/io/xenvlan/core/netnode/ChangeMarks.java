package io.xenvlan.core.netnode;

import io.xenvlan.core.port.NetworkNodeStore;

/**
 * Where the store's changes stand: {@code sequence} is {@link NetworkNodeStore#changeSequence()};
 * {@code networks} is the highest stamp of a change to the networks themselves (association,
 * disassociation, handover, deletion), so a node re-reads which networks it serves only when it moved.
 */
public record ChangeMarks(long sequence, long networks) {
    public ChangeMarks {
        if (networks > sequence) {
            throw new IllegalArgumentException("networks mark " + networks + " is above the sequence " + sequence);
        }
    }
}
