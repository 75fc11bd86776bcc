/**
 * The embedded store's one holder and the way to it: a command takes its turn on the store, or goes
 * through the process that holds it ({@link io.xenvlan.server.local.StoreTurn}); that process serves
 * the API on a Unix socket in the state directory and announces it with a local credential
 * ({@link io.xenvlan.server.local.LocalEndpoint}, {@link io.xenvlan.server.local.Announcement}).
 * See docs/security-store.md.
 */
package io.xenvlan.server.local;
