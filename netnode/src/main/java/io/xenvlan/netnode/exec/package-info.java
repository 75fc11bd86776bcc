/** How the node runs programs: argument lists (and batch input), never a shell; for real, or only recorded. */
package io.xenvlan.netnode.exec;
