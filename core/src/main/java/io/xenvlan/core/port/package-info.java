/**
 * core's ports: the interfaces core calls and adapters in other modules implement (the stores in
 * {@code store}, the pool driver in {@code xenapi}, the network node in {@code netnode}), and the
 * records only their signatures use. Interfaces and records only; the use cases that call them live
 * beside the VLAN manager ({@code manager}, {@code hypervisor}, {@code floating}, {@code netnode}).
 */
package io.xenvlan.core.port;
