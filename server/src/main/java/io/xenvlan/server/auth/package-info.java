/**
 * Bearer tokens of the REST API: issued once, stored only as a SHA-256 hash, admin or scoped to
 * one project, optionally expiring, revocable; the authenticator that turns a request's token into
 * a principal.
 */
package io.xenvlan.server.auth;
