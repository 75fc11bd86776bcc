/**
 * The composition root: {@code Main} (the command line's entry point), {@code ServiceWiring} (the
 * one place the store, core, compute side, network node and API are assembled), {@code
 * ServerRuntime} (what a running {@code xenvlan server} holds and closes) and {@code
 * ErrorMapping}, the one mapping of the domain errors to HTTP status, CLI exit code and the {@code
 * {code, message, details}} body.
 */
package io.xenvlan.server;
