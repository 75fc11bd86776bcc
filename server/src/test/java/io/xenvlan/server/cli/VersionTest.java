package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code xenvlan --version}: the POM's version and the commit the build recorded. */
class VersionTest {

    @Test
    void versionOption_printsTheProjectVersionAndACommit() {
        StringWriter out = new StringWriter();
        int exit = XenvlanCommand.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)).execute("--version");
        assertThat(exit).isZero();
        String expected = System.getProperty("xenvlan.expected-version");
        assertThat(expected).as("surefire passes the POM's version").isNotBlank();
        // A test run from a git checkout (CI's clean clone included) records the commit; from a tree without .git, "unknown".
        assertThat(out.toString()).matches("xenvlan " + Pattern.quote(expected) + " \\(commit ([0-9a-f]{12}|unknown)\\)\\RJava [0-9][^\\n]*\\R");
    }

    @Test
    void placeholdersTheBuildDidNotFill_readAsUnknown() {
        Properties p = new Properties();
        p.setProperty("version", "0.2.0");
        p.setProperty("commit", "${buildNumber}");
        assertThat(BuildInfo.of(p).describe()).isEqualTo("xenvlan 0.2.0 (commit unknown)");
        assertThat(BuildInfo.of(new Properties())).isEqualTo(new BuildInfo("unknown", "unknown"));
    }
}
