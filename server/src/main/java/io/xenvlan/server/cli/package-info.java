/**
 * The {@code xenvlan} command line (picocli): each command parses its options, calls a {@code
 * Backend} (the store directly, the server holding the store through its Unix socket, or a remote
 * server with {@code --server}) and prints a table or JSON; exit codes come from {@code
 * ErrorMapping}.
 */
package io.xenvlan.server.cli;
