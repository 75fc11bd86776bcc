/**
 * The CLI's client of the REST API: over TCP (optionally TLS, verified by system trust, a CA file
 * or a pinned SHA-256) or the holder's Unix socket, with the answers mapped back to the same
 * records and errors as the local backend.
 */
package io.xenvlan.server.client;
