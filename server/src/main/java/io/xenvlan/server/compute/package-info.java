/**
 * The compute side as the server runs it: pool clients built from the registered pools and their
 * secrets (read only from the environment or {@code <state-dir>/pool-secrets/}), the periodic
 * audit of every pool, and the VIF listing the API and CLI show.
 */
package io.xenvlan.server.compute;
