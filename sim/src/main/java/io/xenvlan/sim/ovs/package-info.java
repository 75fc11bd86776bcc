/**
 * The simulator's real data plane: each host a network namespace with its own Open vSwitch
 * (userspace datapath), a trunk switch between hosts, each running VM a namespace with a veth per
 * plugged VIF; DHCP clients and packet captures for tests.
 */
package io.xenvlan.sim.ovs;
