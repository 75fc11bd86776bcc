package io.xenvlan.server.cli;

import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.render.ComputeViews;
import io.xenvlan.server.render.HostView;
import io.xenvlan.server.render.InventoryViews;
import io.xenvlan.server.render.PoolView;
import io.xenvlan.server.render.VmView;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan pool add|list|hosts|vms|remove}: the XenServer / XCP-ng pools xenvlan attaches VMs on, and what is on them
 * (without {@code xe}). Credentials are never printed.
 */
@Command(name = "pool", description = "Register, list and remove XenServer / XCP-ng pools; list their hosts and VMs.", mixinStandardHelpOptions = true,
        subcommands = {PoolCommand.Add.class, PoolCommand.ListPools.class, PoolCommand.Hosts.class, PoolCommand.Vms.class,
                PoolCommand.Remove.class})
final class PoolCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Register a pool, once xenvlan logged in to it with these settings (unless --no-verify).",
                    "The password is read from the file or variable whenever xenvlan connects; only that reference is stored.",
                    "A pool with a self-signed certificate is refused with the certificate's SHA-256 fingerprint and the",
                    "--tls pinned --tls-value ... options that trust it."})
    static final class Add implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--url", required = true, description = "the pool master, https://host") String url;
        @Option(names = "--user", required = true) String user;
        @ArgGroup(exclusive = true, multiplicity = "1") Password password;
        @Option(names = "--vif-driver", defaultValue = "bridge", description = "bridge or openvswitch (default ${DEFAULT-VALUE})") String vifDriver;
        @Option(names = "--integration-network", description = "name label of the integration network (openvswitch driver)") String integration;
        @Option(names = "--tls", defaultValue = "system", description = "system, ca-file, pinned or insecure (default ${DEFAULT-VALUE})") String tls;
        @Option(names = "--tls-value", description = "the CA file (ca-file) or SHA-256 fingerprint (pinned)") String tlsValue;
        @Option(names = "--no-verify", description = "register without logging in to the pool first (a pool that cannot be reached yet)")
        boolean noVerify;

        static final class Password {
            @Option(names = "--password-file", required = true, paramLabel = "FILE") Path file;
            @Option(names = "--password-env", required = true, paramLabel = "VAR") String env;
        }

        @Override
        public void run() {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("url", "url", "url: not a URL");
            }
            io.xenvlan.server.compute.PoolSecrets.checkUrl(uri);
            PasswordSource source = password.file != null ? new PasswordSource.File(password.file.toAbsolutePath())
                    : new PasswordSource.Environment(password.env);
            PoolSettings pool = new PoolSettings(PoolName.of(name), uri, user, source, VifDriver.parse(vifDriver),
                    Optional.ofNullable(integration), new PoolTls(ComputeViews.tlsMode(tls), Optional.ofNullable(tlsValue)));
            try (Backend backend = global.backend()) {
                PoolView added = backend.addPool(pool, !noVerify);
                Output.print(spec.commandLine().getOut(), global, added, () -> ComputeViews.poolTable(List.of(added)), "");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List pools.")
    static final class ListPools implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--hosts", description = "ask each pool for its hosts (a pool that cannot be reached shows why)") boolean hosts;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                List<PoolView> pools = backend.pools(hosts);
                Output.print(spec.commandLine().getOut(), global, pools, () -> ComputeViews.poolTable(pools), "no pools");
            }
        }
    }

    @Command(name = "hosts", mixinStandardHelpOptions = true, description = "List a pool's hosts as it reports them now (admin).")
    static final class Hosts implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                List<HostView> hosts = backend.poolHosts(name);
                Output.print(spec.commandLine().getOut(), global, hosts, () -> InventoryViews.hostTable(hosts), "no hosts");
            }
        }
    }

    @Command(name = "vms", mixinStandardHelpOptions = true,
            description = "List a pool's guest VMs as it reports them now (name, uuid, power state, host) with xenvlan's VIFs on each (admin).")
    static final class Vms implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                List<VmView> vms = backend.poolVms(name);
                Output.print(spec.commandLine().getOut(), global, vms, () -> InventoryViews.vmTable(vms), "no VMs");
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a pool (refused while xenvlan's VIFs are on it).")
    static final class Remove implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                PoolView removed = backend.removePool(name);
                Output.print(spec.commandLine().getOut(), global, removed, () -> ComputeViews.poolTable(List.of(removed)), "");
            }
        }
    }
}
