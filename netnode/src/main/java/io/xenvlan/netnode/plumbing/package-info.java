/** The node's legs on the VLAN trunk (Open vSwitch or Linux bridges), made, read and checked in batches. */
package io.xenvlan.netnode.plumbing;
