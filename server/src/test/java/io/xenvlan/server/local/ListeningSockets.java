package io.xenvlan.server.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network sockets a process listens on, read from /proc as {@code ss -ltunp} does: the socket
 * inodes among its open files, matched against the TCP sockets in state LISTEN and every bound UDP
 * socket of its network namespace. Each as {@code tcp:<port>} or {@code udp:<port>}.
 */
final class ListeningSockets {
    private static final Pattern SOCKET = Pattern.compile("socket:\\[([0-9]+)]");
    private static final String TCP_LISTEN = "0A";

    private ListeningSockets() {}

    static List<String> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // a descriptor closed while listing
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                String port = Integer.toString(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                boolean tcp = table.startsWith("tcp");
                if (inodes.contains(f[9]) && (!tcp || f[3].equals(TCP_LISTEN))) {
                    listening.add((tcp ? "tcp:" : "udp:") + port);
                }
            }
        }
        return listening;
    }
}
