/**
 * The JSON bodies of requests, written once for both sides: the REST routes and the holder's local routes
 * read them through {@link io.xenvlan.server.body.JsonBodies} (strict: unknown fields, wrong types and
 * nulls are refused naming the field), and the CLI's client writes the same records (fields left out
 * when absent). Neither {@code api} nor {@code cli} depends on the other; both depend on this.
 */
package io.xenvlan.server.body;
