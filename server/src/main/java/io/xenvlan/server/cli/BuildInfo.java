package io.xenvlan.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit this build was made from, read from {@code build.properties}, which the
 * build writes (the commit by buildnumber-maven-plugin). A build from sources without {@code .git}
 * knows its version but not its commit: the commit is then {@code unknown}.
 */
record BuildInfo(String version, String commit) {
    static final String UNKNOWN = "unknown";

    static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(p);
    }

    /** Values the build did not fill in (a placeholder left as {@code ${...}}, or nothing) read as unknown. */
    static BuildInfo of(Properties p) {
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")));
    }

    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.trim();
    }

    /** {@code xenvlan 0.2.0 (commit 0123456789ab)}. */
    String describe() {
        return "xenvlan " + version + " (commit " + commit + ")";
    }
}
