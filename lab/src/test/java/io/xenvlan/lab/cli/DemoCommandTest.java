package io.xenvlan.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code xenvlan demo}: the report-only run a newcomer sees, with no privileges and nothing installed. */
class DemoCommandTest {

    @Test
    void demo_attachesNineVmsOverXenApi_printsTopologyCallsAndTheReportOnlyNode() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LabCommands.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));

        int exit = cli.execute("demo");

        String printed = out.toString();
        assertThat(exit).as(err.toString()).isZero();
        assertThat(printed).contains("REPORT-ONLY", "PROJECT  VLAN  BRIDGE  XENAPI NETWORK", "XENAPI METHOD");
        for (String project : DemoCommand.PROJECTS) {
            for (int vm = 1; vm <= 3; vm++) {
                assertThat(printed).containsPattern(project + " +1\\d\\d +br1\\d\\d +xapi\\d+ OpaqueRef:\\S+ +host\\d +"
                        + project + "-vm" + vm + " +fa:16:3e(:[0-9a-f]{2}){3} +10\\.20\\.\\d+\\.\\d+");
            }
        }
        assertThat(printed).containsPattern("VIF\\.create +9\\b").containsPattern("VIF\\.plug +9\\b")
                .containsPattern("network\\.create +3\\b").containsPattern("total +\\d+");
        assertThat(printed).contains("ovs-vsctl", "--may-exist add-port", "tag=100", "dnsmasq ");
        Matcher stateDir = Pattern.compile("state directory (\\S+)").matcher(printed);
        assertThat(stateDir.find()).isTrue();
        assertThat(Files.exists(Path.of(stateDir.group(1)))).isFalse();
    }
}
