/** Checks of the repository's documentation: README.md and docs/ as a newcomer reads them. */
package io.xenvlan.server.docs;
