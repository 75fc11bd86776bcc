package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Worker JVMs on this test's class path and database (XV_URL / XV_USER / XV_PASSWORD): the multi-process tests' children. */
final class ChildJvms {
    private ChildJvms() {}

    /** Starts {@code count} JVMs running {@code main} with {@code w<i>} and {@code args}, waits for all, returns their stdout lines. */
    static List<String> run(TestDatabase db, int count, Class<?> main, String... args) throws IOException, InterruptedException {
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), main.getName(), "w" + i));
            argv.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().put("XV_URL", db.url());
            pb.environment().put("XV_USER", db.user().orElse(""));
            pb.environment().put("XV_PASSWORD", db.password().orElse(""));
            children.add(pb.start());
        }
        List<String> lines = new ArrayList<>();
        for (Process child : children) {
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("child failed: %s", err).isZero();
            lines.addAll(out.lines().toList());
        }
        return lines;
    }
}
