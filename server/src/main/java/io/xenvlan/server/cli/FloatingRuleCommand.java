package io.xenvlan.server.cli;

import io.xenvlan.server.render.FloatingViews;
import io.xenvlan.server.render.IngressRuleView;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan floating rule add|list|delete}: what a project's floating IPs let in beyond
 * replies to connections its VMs opened and ICMP echo.
 */
@Command(name = "rule", mixinStandardHelpOptions = true,
        description = "Ingress rules: what comes in through a project's floating IPs beyond replies and ICMP echo.",
        subcommands = {FloatingRuleCommand.Add.class, FloatingRuleCommand.ListRules.class, FloatingRuleCommand.Delete.class})
final class FloatingRuleCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Open a protocol (and ports) for every floating IP of a project.")
    static final class Add implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--project", required = true, paramLabel = "P") String project;
        @Option(names = "--protocol", required = true, paramLabel = "tcp|udp|icmp") String protocol;
        @Option(names = "--port", paramLabel = "N[-M]", description = "a port or a range (tcp, udp; default every port)") String port;
        @Option(names = "--from", paramLabel = "CIDR", description = "only from these sources (default 0.0.0.0/0)") String from;

        @Override
        public void run() {
            try (FloatingBackend backend = FloatingCommand.backend(global)) {
                IngressRuleView rule = backend.addRule(project, protocol, Optional.ofNullable(port), Optional.ofNullable(from));
                print(spec, global, List.of(rule), rule);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the ingress rules.")
    static final class ListRules implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--project", paramLabel = "P", description = "only this project's") String project;

        @Override
        public void run() {
            try (FloatingBackend backend = FloatingCommand.backend(global)) {
                List<IngressRuleView> rules = backend.rules(Optional.ofNullable(project));
                print(spec, global, rules, rules);
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an ingress rule.")
    static final class Delete implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "the rule's id (floating rule list)") long id;

        @Override
        public void run() {
            try (FloatingBackend backend = FloatingCommand.backend(global)) {
                IngressRuleView rule = backend.deleteRule(id);
                print(spec, global, List.of(rule), rule);
            }
        }
    }

    private static void print(CommandSpec spec, GlobalOptions global, List<IngressRuleView> rules, Object json) {
        Output.print(spec.commandLine().getOut(), global, json, () -> FloatingViews.ruleTable(rules), "no ingress rules");
    }
}
