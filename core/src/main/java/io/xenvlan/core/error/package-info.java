/**
 * The one domain error hierarchy: invalid input, not found, conflict, exhausted, backend failure,
 * unauthorized, forbidden. The server maps it in one place to HTTP status, exit code and JSON.
 */
package io.xenvlan.core.error;
