/**
 * The VLAN manager (nova-network's VlanManager): networks carved out of a range, one VLAN each, a
 * network per project on demand, fixed IPs allocated and released.
 */
package io.xenvlan.core.manager;
