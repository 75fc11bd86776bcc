/**
 * The REST API on Javalin/Jetty: routes that parse, call a use case and render JSON; request
 * bounds against hostile clients (read deadlines, body size, connections per client); the security
 * headers and request ids every answer carries; errors Jetty answers itself rendered as the API's
 * JSON; the project scope of every object.
 */
package io.xenvlan.server.api;
