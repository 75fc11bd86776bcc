/**
 * What the server module's tests in several packages share: how a test starts {@code xenvlan} in a JVM of its own.
 */
package io.xenvlan.server.testing;
