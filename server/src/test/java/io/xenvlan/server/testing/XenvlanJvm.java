package io.xenvlan.server.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code xenvlan} in a JVM of its own, as the tests that run it as an operator would start it: on the main
 * class path of this test's JVM (the product's classes and libraries, without test classes and test-jars).
 * Those would only change how it logs, not what it does: their {@code logback-test.xml} takes over from the
 * shipped logging set-up, and Logback's XML configuration (with a status report on stdout, as the file is
 * found more than once) costs a short command about a tenth of its processor time.
 */
public final class XenvlanJvm {
    /** The options the package's launcher gives short commands ({@code packaging/bin/xenvlan}). */
    public static final List<String> SHORT_COMMAND = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");
    private static final String MAIN_CLASS_PATH = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
            .collect(Collectors.joining(File.pathSeparator));

    private XenvlanJvm() {
    }

    /** This JVM's {@code java} binary. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This test JVM's class path without test classes and test-jars. */
    public static String mainClassPath() {
        return MAIN_CLASS_PATH;
    }

    /** {@code java OPTIONS -cp MAIN io.xenvlan.server.Main ARGS}. */
    public static List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", MAIN_CLASS_PATH, "io.xenvlan.server.Main"));
        command.addAll(args);
        return command;
    }
}
