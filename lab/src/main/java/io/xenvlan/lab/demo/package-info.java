/**
 * {@code xenvlan demo}: a lab of the product wired to a simulated pool (and, with {@code
 * --dataplane}, to Open vSwitch, namespaces and real dnsmasq), its progress, topology and
 * PASS/FAIL checks.
 */
package io.xenvlan.lab.demo;
