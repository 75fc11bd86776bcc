/**
 * XenAPI's two wire formats as the simulator reads and writes them: XML-RPC and JSON-RPC requests
 * and answers, with malformed requests refused as xapi refuses them.
 */
package io.xenvlan.sim.wire;
