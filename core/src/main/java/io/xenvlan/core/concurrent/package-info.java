/**
 * Threads as xenvlan's product code makes them: {@link io.xenvlan.core.concurrent.DaemonThreads},
 * the one factory of named daemon threads for executors, so no background thread keeps a
 * stopping JVM alive and every thread in a dump says whose it is.
 */
package io.xenvlan.core.concurrent;
