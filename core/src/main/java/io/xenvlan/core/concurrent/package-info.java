/**
 * Threads and shutdown as xenvlan's product code does them: {@link io.xenvlan.core.concurrent.DaemonThreads},
 * the one factory of named daemon threads for executors, so no background thread keeps a
 * stopping JVM alive and every thread in a dump says whose it is; and {@link io.xenvlan.core.concurrent.Closer},
 * which stops what an owner started in reverse order, past failures.
 */
package io.xenvlan.core.concurrent;
