package io.xenvlan.netnode;

import io.xenvlan.netnode.firewall.LiveTable;
import io.xenvlan.netnode.plumbing.PlumbingState;

/**
 * What the self-check reads of the node at once: its interfaces and its packet rules (the nftables
 * table, the leg services' rules included), one listing per tool.
 */
record NodeState(PlumbingState plumbing, LiveTable firewall) {}
