package io.xenvlan.netnode.dnsmasq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * dnsmasq's {@code --dhcp-script} must be one executable, while {@code xenvlan dhcp-event} is a
 * command line (java, jar, options): the node writes a two-line {@code /bin/sh} wrapper that
 * execs it with dnsmasq's arguments. Every word is single-quoted, so no word is ever interpreted.
 * When dnsmasq runs in a namespace of its own, its script does too, where the database may be
 * out of reach: the wrapper then first enters the network namespace of the xenvlan process.
 */
public final class DhcpScriptWrapper {
    private DhcpScriptWrapper() {}

    /**
     * Writes {@code dir/dhcp-event} (mode 0700: it may name the database; dnsmasq runs it as root) running {@code command} followed by dnsmasq's
     * arguments, inside the network namespace of this process when {@code leaveNamespace}.
     */
    public static Path write(Path dir, List<String> command, boolean leaveNamespace) {
        StringBuilder sb = new StringBuilder("#!/bin/sh\n# written by the xenvlan network node: dnsmasq's --dhcp-script\nexec");
        List<String> words = new ArrayList<>();
        if (leaveNamespace) {
            words.addAll(List.of("nsenter", "--net=/proc/" + ProcessHandle.current().pid() + "/ns/net", "--"));
        }
        words.addAll(command);
        for (String word : words) {
            sb.append(' ').append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        sb.append(" \"$@\"\n");
        Path script = dir.resolve("dhcp-event");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script, e);
        }
        DnsmasqFiles.writeAtomically(script, sb.toString(), "rwx------");
        return script;
    }
}
