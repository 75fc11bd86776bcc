/**
 * Time as xenvlan's waits and retries use it: a {@link io.xenvlan.core.time.Sleeper} injected
 * beside a {@link java.time.Clock}, so code that polls or backs off is tested on a fake clock.
 */
package io.xenvlan.core.time;
