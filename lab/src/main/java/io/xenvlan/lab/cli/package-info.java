/**
 * {@code xenvlan demo} (the product wired to a simulated pool, see {@code io.xenvlan.lab.demo})
 * and {@code xenvlan sim} (a simulated pool to point xenvlan at, optionally over Open vSwitch and
 * with xenvlan's network node on its trunk).
 */
package io.xenvlan.lab.cli;
