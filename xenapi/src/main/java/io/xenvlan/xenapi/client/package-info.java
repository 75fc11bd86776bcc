/**
 * A small XenAPI client over JSON-RPC, written here because the only Java SDK is unmaintained XML-
 * RPC: typed calls and records for the classes xenvlan uses, sessions with re-login and master
 * redirects, events, bounded bodies and TLS trust (system, CA file, pinned fingerprint).
 */
package io.xenvlan.xenapi.client;
