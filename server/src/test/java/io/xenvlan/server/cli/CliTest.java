package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on an embedded H2 store in a temporary state directory. */
class CliTest {
    @TempDir
    Path stateDir;

    record Result(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() >= 2 && !all.contains("--help")) {
            all.add("--state-dir");
            all.add(stateDir.toString());
        }
        int exit = XenvlanCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void help_listsTheCommands() {
        Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("network", "project", "address", "pool");
    }

    @Test
    void createAllocateList_tablesAndJson() throws Exception {
        Result created = run("network", "create", "--label", "lab", "--cidr", "10.7.0.0/16", "--num-networks", "2", "--network-size", "64");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("lab_1", "10.7.0.0/26", "br100", "lab_2", "10.7.0.64/26", "br101");

        Result allocated = run("address", "allocate", "--project", "acme", "--instance", "vm-1", "--json");
        assertThat(allocated.exit()).as(allocated.err()).isZero();
        JsonNode a = allocated.json();
        assertThat(a.get("address").asText()).isEqualTo("10.7.0.3");
        assertThat(a.get("mac").asText()).startsWith("fa:16:3e:");
        assertThat(a.get("vlan").asInt()).isEqualTo(100);
        assertThat(a.get("bridge").asText()).isEqualTo("br100");
        assertThat(a.get("gateway").asText()).isEqualTo("10.7.0.1");

        Result list = run("address", "list", "--project", "acme");
        assertThat(list.out()).contains("10.7.0.3", "vm-1", "allocated");
        Result networks = run("network", "list", "--json");
        assertThat(networks.json().get(0).get("project").asText()).isEqualTo("acme");
        assertThat(run("network", "show", "lab_2").out()).contains("10.7.0.65");

        assertThat(run("address", "release", "--address", "10.7.0.3").exit()).isZero();
        assertThat(run("address", "list").out()).contains("no addresses in use");
        assertThat(run("project", "disassociate", "--project", "acme").exit()).isZero();
        assertThat(run("network", "delete", "lab_1").exit()).isZero();
    }

    @Test
    void badInput_exitCodeAndMessageNamingTheField() throws Exception {
        Result r = run("network", "create", "--label", "x", "--cidr", "10.0.0.1/24");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: cidr:").contains("host bits");
        Result json = run("network", "create", "--label", "x", "--cidr", "10.0.0.0/24", "--vlan", "5000", "--json");
        assertThat(json.exit()).isEqualTo(2);
        JsonNode body = new ObjectMapper().readTree(json.err());
        assertThat(body.get("code").asText()).isEqualTo("invalid_input");
        assertThat(body.get("details").get("field").asText()).isEqualTo("vlan");
        assertThat(run("network", "show", "nope").exit()).isEqualTo(3);
        assertThat(run("address", "allocate", "--project", "p", "--instance", "vm").exit()).isEqualTo(5);
        assertThat(run("network", "create", "--label", "x").exit()).isEqualTo(2);
    }
}
