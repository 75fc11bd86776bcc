package io.xenvlan.netnode;

/**
 * How many networks this node serves at most, and what sets that number (a setting, or a kernel
 * limit with what to raise), for the message a refused network gets.
 */
record NodeCapacity(int max, String reason) {
    public NodeCapacity {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
    }

    /** No cap (tests; a report-only node). */
    static NodeCapacity unlimited() {
        return new NodeCapacity(Integer.MAX_VALUE, "no limit");
    }

    /** The message a network this node cannot take gets. */
    String refusal(String nodeName, long networkId, String vlan) {
        return "network " + networkId + (vlan.isEmpty() ? "" : " (vlan " + vlan + ")") + " is not served: network node " + nodeName
                + " is full, it serves at most " + max + " networks (" + reason + ")";
    }
}
