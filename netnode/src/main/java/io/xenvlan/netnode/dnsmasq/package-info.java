/** One supervised dnsmasq per served network: its files, its start and stop in parallel, its lease spool. */
package io.xenvlan.netnode.dnsmasq;
