package io.xenvlan.lab.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.lab.cli.LabCommands;

import io.xenvlan.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code xenvlan demo --dataplane --failover --db URL} on an empty PostgreSQL database: two nodes on
 * the simulated pool's trunk, the serving one killed, every row of the table PASS.
 */
@Tag("dataplane")
@Tag("postgres")
class FailoverDemoDataplaneTest {

    @Test
    void failoverDemo_theOtherNodeTakesOver_everyCheckPasses() {
        try (TestDatabase db = TestDatabase.postgres()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = LabCommands.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));

            int exit = cli.execute("demo", "--dataplane", "--failover", "--db", db.url() + "?user=" + db.config().user().orElseThrow()
                    + "&password=" + db.config().password().orElseThrow());

            String printed = out.toString();
            System.out.println(printed);
            assertThat(exit).as(printed + err).isZero();
            assertThat(printed).containsPattern("the other node took the network over within 15 s +PASS +demo-node-b serves VLAN 10\\d")
                    .containsPattern("alpha-vm1: same address renewed +PASS").containsPattern("alpha-vm2: same address renewed +PASS")
                    .containsPattern("alpha-vm1: its gateway answers +PASS").containsPattern("alpha-vm2: its peer on another host is reachable +PASS")
                    .containsPattern("the first node, back, takes nothing back +PASS +demo-node serves 0 networks")
                    .doesNotContain("FAIL");
        }
    }
}
