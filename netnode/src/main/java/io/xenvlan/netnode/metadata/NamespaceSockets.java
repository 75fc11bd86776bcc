package io.xenvlan.netnode.metadata;

import io.xenvlan.core.concurrent.DaemonThreads;
import com.sun.jna.Library;
import com.sun.jna.Native;
import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.NamespaceName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Opens a listening socket inside the node's network namespace. A socket belongs to the namespace
 * of the thread that creates it, and the JDK cannot move a thread into a namespace; so a thread of
 * our own enters it with {@code setns(2)} (through JNA: nothing in the JDK or a Java library does
 * this) and creates the socket, which then accepts connections from that namespace for as long as
 * it lives, whichever thread serves them. Without a namespace the socket is made in this process's
 * own. The thread ends after the call; it never runs anything else.
 */
final class NamespaceSockets {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    /** The three libc calls needed. */
    interface LibC extends Library {
        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }

    private NamespaceSockets() {}

    /**
     * A server socket bound to {@code address} in {@code netns} (the process's own when empty).
     *
     * @throws BackendFailureException (backend {@code netnode}) when the namespace cannot be entered or the bind fails
     */
    static ServerSocketChannel listen(Optional<NamespaceName> netns, InetSocketAddress address) {
        ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreads.named("xenvlan-netns-socket"));
        try {
            Future<ServerSocketChannel> opened = thread.submit(() -> {
                netns.ifPresent(NamespaceSockets::enter);
                ServerSocketChannel channel = ServerSocketChannel.open();
                try {
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    channel.bind(address, 256);
                    return channel;
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            });
            return opened.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BackendFailureException b) {
                throw b;
            }
            throw failure("LISTEN_FAILED", "cannot listen on " + address + netns.map(n -> " in namespace " + n).orElse("")
                    + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("INTERRUPTED", "interrupted while opening the metadata listener", e);
        } finally {
            thread.shutdownNow(); // the thread sits in the namespace: it must not be reused
        }
    }

    private static void enter(NamespaceName netns) {
        LibC libc = Native.load("c", LibC.class);
        String path = "/run/netns/" + netns.value();
        int fd = libc.open(path, O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw failure("SETNS_FAILED", "cannot open " + path + " (errno " + Native.getLastError() + ")", null);
        }
        try {
            if (libc.setns(fd, CLONE_NEWNET) != 0) {
                throw failure("SETNS_FAILED", "cannot enter network namespace " + netns + " (errno " + Native.getLastError()
                        + "; root is needed)", null);
            }
        } finally {
            libc.close(fd);
        }
    }

    private static BackendFailureException failure(String code, String message, Throwable cause) {
        return new BackendFailureException("netnode", code, List.of(), message, cause);
    }
}
