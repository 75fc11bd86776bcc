package io.xenvlan.server.cli;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan demo}: the VLAN manager alone on an embedded H2 database in a fresh temporary
 * state directory: networks carved from a range, three projects getting a network each on their
 * first allocation, addresses and MACs per instance.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show the VLAN manager at work on a throw-away embedded database.")
final class DemoCommand implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--keep", description = "keep the temporary state directory (its path is printed)")
    boolean keep;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path stateDir = tempDir();
        out.println("xenvlan demo: the VLAN manager (nova-network's VlanManager, rebuilt) on an embedded H2 database");
        out.println("in a fresh state directory " + stateDir + ". Nothing touches the network: this shows the IPAM side only.");
        out.println();
        try (JdbcStore store = JdbcStore.open(StoreConfig.h2File(stateDir))) {
            VlanManager manager = GlobalOptions.manager(store);
            out.println("$ xenvlan network create --label demo --cidr 10.20.0.0/22 --num-networks 4 --network-size 64 --vlan-start 100");
            NetworkRequest request = NetworkRequest.of("demo", "10.20.0.0/22").withCount(4, 64).withVlanStart(100);
            out.print(Views.networkTable(manager.createNetworks(request)).render());
            out.println();
            out.println("Each project gets the free network with the lowest VLAN on its first allocation;");
            out.println("every instance gets a VIF with a unique fa:16:3e MAC and a fixed IP (network, gateway, DHCP server");
            out.println("and broadcast are never handed out).");
            List<Allocation> allocations = new ArrayList<>();
            for (String project : List.of("alpha", "beta", "gamma")) {
                for (int vm = 1; vm <= (project.equals("alpha") ? 3 : 2); vm++) {
                    String instance = project + "-vm" + vm;
                    out.println("$ xenvlan address allocate --project " + project + " --instance " + instance);
                    allocations.add(manager.allocate(project, instance, Optional.empty()));
                }
            }
            out.print(Views.allocationTable(allocations).render());
            out.println();
            out.println("$ xenvlan address release --address " + allocations.get(0).address());
            manager.release(allocations.get(0).address().toString());
            out.println("$ xenvlan network list");
            out.print(Views.networkTable(manager.networks()).render());
            out.println();
            out.println("$ xenvlan address list");
            out.print(Views.fixedIpTable(manager.addresses(Optional.empty(), Optional.empty(), false)).render());
            out.println();
            out.println("The same commands run against your own store: ./xenvlan network create ... (embedded H2 under ./.xenvlan,");
            out.println("or PostgreSQL with --db jdbc:postgresql://host/db). ./xenvlan --help lists them all.");
        } finally {
            if (keep) {
                out.println("state kept in " + stateDir);
            } else {
                deleteRecursively(stateDir);
            }
            out.flush();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("xenvlan-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
