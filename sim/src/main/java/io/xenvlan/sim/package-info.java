/**
 * A simulated XenServer / XCP-ng pool that answers XenAPI over XML-RPC and JSON-RPC with xapi's
 * semantics (see docs/simulator.md): hosts as HTTP endpoints (members answer {@code
 * HOST_IS_SLAVE}), injected latency and faults, call statistics, and optionally a real data plane.
 */
package io.xenvlan.sim;
