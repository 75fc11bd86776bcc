/**
 * Helpers every module's tests share through the core test-jar: bounded waits
 * ({@link io.xenvlan.core.testing.Eventually}) instead of hand-written polling loops.
 */
package io.xenvlan.core.testing;
