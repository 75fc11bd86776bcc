package io.xenvlan.server.cli;

import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.server.testing.XenvlanJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code xenvlan server --roles netnode} as its own process in the data plane's switch namespace, for the
 * tests that stop or kill it: how it is started, its log, and the dnsmasq it left.
 */
final class NetnodeServerProcess {
    private NetnodeServerProcess() {}

    /** The server on {@code state}, its node in namespace {@code nodeNs}, with {@code env} added; its log in {@code state/server.log}. */
    static Process start(DataPlane plane, Path state, String nodeNs, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", plane.switchNamespace()));
        command.addAll(XenvlanJvm.command(List.of(), List.of("server", "--roles", "netnode", "--state-dir", state.toString(),
                "--ovs-db", plane.ovsDb(), "--trunk-bridge", plane.name("tr"), "--trunk-interface", plane.name("tb"), "--netns", nodeNs)));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(state.resolve("server.log").toFile());
        return pb.start();
    }

    static String log(Path state) {
        try {
            return Files.readString(state.resolve("server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** dnsmasq processes (main or helper) whose command line names a file of this state directory's node directory. */
    static List<ProcessHandle> dnsmasqOf(Path state) {
        String files = "--pid-file=" + state.toAbsolutePath() + "-netnode/";
        return ProcessHandle.allProcesses().filter(h -> h.info().arguments()
                .map(args -> List.of(args).stream().anyMatch(a -> a.startsWith(files))).orElse(false)).toList();
    }
}
