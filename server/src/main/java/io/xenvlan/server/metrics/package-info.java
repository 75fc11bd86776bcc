/**
 * Micrometer meters the server exports on {@code /metrics}: free addresses per network, XenAPI
 * calls per pool and method, store timings, wrapped around the ports so the core stays unaware of
 * them.
 */
package io.xenvlan.server.metrics;
