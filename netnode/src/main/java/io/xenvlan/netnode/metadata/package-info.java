/**
 * The metadata service of the network node: every served network's VMs reach
 * {@code 169.254.169.254:80} (a DNAT on the network's leg to the node's listener), and each VM
 * reads, in the OpenStack and EC2 layouts cloud-init knows, its own instance id, host name, SSH
 * keys, user data and network configuration, found in the store by the request's network and
 * source address.
 */
package io.xenvlan.netnode.metadata;
