package io.xenvlan.netnode.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.netnode.NamespaceName;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespacedCommandRunnerTest {
    private static final NamespaceName SW = new NamespaceName("x1-sw");

    private static List<String> wrapped(String... argv) {
        ReportingCommandRunner inner = new ReportingCommandRunner();
        new NamespacedCommandRunner(inner, SW).run(Command.query(argv));
        return inner.commands().get(0).argv();
    }

    @Test
    void ip_entersTheNamespaceByItsOwnOption_oneProcessNotTwo() {
        assertThat(wrapped("ip", "-o", "link", "show")).containsExactly("ip", "-n", "x1-sw", "-o", "link", "show");
        assertThat(wrapped("ip", "-force", "-batch", "-")).containsExactly("ip", "-n", "x1-sw", "-force", "-batch", "-");
    }

    @Test
    void aCommandThatEntersANamedNamespaceOfItsOwn_isLeftAlone() {
        assertThat(wrapped("ip", "-o", "-n", "x1-nn", "-batch", "-")).containsExactly("ip", "-o", "-n", "x1-nn", "-batch", "-");
        assertThat(wrapped("ip", "netns", "exec", "x1-nn", "nft", "-j", "list", "ruleset"))
                .containsExactly("ip", "netns", "exec", "x1-nn", "nft", "-j", "list", "ruleset");
        assertThat(wrapped("nsenter", "--net=/run/netns/x1-nn", "--", "dnsmasq"))
                .containsExactly("nsenter", "--net=/run/netns/x1-nn", "--", "dnsmasq");
    }

    @Test
    void openVswitchsDatabaseClients_needNoNamespace() {
        assertThat(wrapped("ovs-vsctl", "--db=unix:/tmp/x/db.sock", "show")).containsExactly("ovs-vsctl", "--db=unix:/tmp/x/db.sock", "show");
        assertThat(wrapped("ovsdb-client", "transact", "unix:/tmp/x/db.sock", "[]"))
                .containsExactly("ovsdb-client", "transact", "unix:/tmp/x/db.sock", "[]");
    }

    @Test
    void otherCommands_andNamespaceManagement_runThroughIpNetnsExec() {
        assertThat(wrapped("iptables", "-t", "mangle", "-S")).containsExactly("ip", "netns", "exec", "x1-sw", "iptables", "-t", "mangle", "-S");
        assertThat(wrapped("ip", "netns", "add", "x1-nn")).containsExactly("ip", "netns", "exec", "x1-sw", "ip", "netns", "add", "x1-nn");
    }
}
