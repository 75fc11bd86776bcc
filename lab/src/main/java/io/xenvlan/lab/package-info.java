/**
 * The runnable jar's entry point: the product's command line (server module) with the lab's
 * commands, {@code xenvlan demo} and {@code xenvlan sim}, which need the pool simulator that the
 * product itself does not.
 */
package io.xenvlan.lab;
