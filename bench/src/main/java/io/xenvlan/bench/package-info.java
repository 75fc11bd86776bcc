/**
 * Benchmarks that print their figures (not part of the test suite): allocation, XenAPI calls,
 * attaches, the API, attach-to-DHCP, network node storms. Each says what it measures and against
 * what target.
 */
package io.xenvlan.bench;
