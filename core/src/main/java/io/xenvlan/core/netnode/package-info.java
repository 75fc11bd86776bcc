/**
 * What the network node needs from the store (the {@code NetworkNodeStore} port): the networks it
 * serves, their host entries and changes since a mark, lease events from dnsmasq, and the wait for
 * a change to be published.
 */
package io.xenvlan.core.netnode;
