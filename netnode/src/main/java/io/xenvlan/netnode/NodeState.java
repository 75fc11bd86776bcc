package io.xenvlan.netnode;

import io.xenvlan.netnode.exec.IptablesListing;
import io.xenvlan.netnode.firewall.LiveTable;
import io.xenvlan.netnode.plumbing.PlumbingState;

/**
 * What the self-check reads of the node at once: its interfaces and its packet rules (the nftables
 * table; the leg services' iptables rules), one listing per tool.
 */
public record NodeState(PlumbingState plumbing, LiveTable firewall, IptablesListing iptables) {}
