package io.xenvlan.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code xenvlan demo --failover}: refused, changing nothing, without a PostgreSQL database or a data plane. */
class FailoverDemoOptionsTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LabCommands.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void failover_onH2_isRefusedNamingPostgresql() {
        String[] r = run("demo", "--dataplane", "--failover", "--db", "jdbc:h2:/tmp/nothing");
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[2]).contains("db: the failover demo needs a PostgreSQL JDBC URL").doesNotContain("Exception");
        assertThat(r[1]).doesNotContain("state directory");
    }

    @Test
    void failover_withoutDataplane_isRefused() {
        String[] r = run("demo", "--failover", "--db", "jdbc:postgresql://127.0.0.1:5432/x");
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[2]).contains("failover: needs --dataplane");
    }

    @Test
    void db_withoutFailover_isRefused() {
        String[] r = run("demo", "--db", "jdbc:postgresql://127.0.0.1:5432/x");
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[2]).contains("db: only the failover demo");
    }
}
