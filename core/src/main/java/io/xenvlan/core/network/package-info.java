/**
 * The network record: range, VLAN, bridge, gateway, DHCP server and DNS, the project it belongs to
 * and the node that serves it.
 */
package io.xenvlan.core.network;
