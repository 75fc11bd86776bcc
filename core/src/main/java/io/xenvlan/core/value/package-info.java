/**
 * Validated values: CIDRs, IPv4 and MAC addresses, VLAN tags, bridge and interface names, labels,
 * project and instance ids, host names. Each refuses bad input with a message naming the field and
 * the rule, so nothing unvalidated reaches a store, a pool or a command line.
 */
package io.xenvlan.core.value;
