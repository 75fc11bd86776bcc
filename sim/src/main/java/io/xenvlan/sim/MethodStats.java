package io.xenvlan.sim;

/**
 * Calls of one XenAPI method.
 *
 * @param calls how many calls arrived (failed ones included)
 * @param nanos total server-side time spent in them, in nanoseconds (the --latency-ms delay excluded)
 */
public record MethodStats(long calls, long nanos) {
}
