/**
 * What the REST API answers and the command line prints, written once for both: records of the
 * API's JSON shapes (Jackson writes them on the server and reads them back in the CLI's remote
 * backend), the views that build them from xenvlan's records, and the plain text tables the CLI
 * prints. Neither {@code api} nor {@code cli} depends on the other; both depend on this.
 */
package io.xenvlan.server.render;
