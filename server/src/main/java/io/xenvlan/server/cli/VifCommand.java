package io.xenvlan.server.cli;

import io.xenvlan.core.guest.GuestRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import io.xenvlan.core.hypervisor.AttachRequest;
import io.xenvlan.server.render.AttachedVifView;
import io.xenvlan.server.render.ComputeViews;
import io.xenvlan.server.render.DetachmentView;
import io.xenvlan.server.render.GuestViews;
import io.xenvlan.server.render.UserDataView;
import io.xenvlan.server.render.VifDetailView;
import io.xenvlan.server.render.VifView;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xenvlan vif attach|detach|list}: VMs on their project's VLAN network. */
@Command(name = "vif", description = "Attach VMs to their project's VLAN network, detach them, list xenvlan's VIFs.",
        mixinStandardHelpOptions = true, subcommands = {VifCommand.Attach.class, VifCommand.Detach.class, VifCommand.ListVifs.class, VifCommand.Show.class,
                VifCommand.ShowUserData.class})
final class VifCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "attach", mixinStandardHelpOptions = true,
            description = {"The whole flow: network for the project, address, MAC, VLAN network on the pool, VIF (plugged when the VM runs).",
                    "Attaching a VM that has the NIC already prints that VIF unchanged; a further NIC is asked for with --nic."})
    static final class Attach implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--project", required = true) String project;
        @Option(names = "--pool", required = true) String pool;
        @Option(names = "--vm", required = true, paramLabel = "VM-UUID") String vm;
        @Option(names = "--nic", paramLabel = "N", defaultValue = "0",
                description = "xenvlan's NIC number on the VM, 0.." + AttachRequest.MAX_NIC + " (default 0: its first NIC)") int nic;
        @Option(names = "--rate-kbps", paramLabel = "KBPS",
                description = "QoS rate limit of the VIF, 1.." + AttachRequest.MAX_RATE_KBPS + " kbit/s") Long rate;
        @Option(names = "--hostname", description = "the VM's host name, one DNS label (default: its name label made one DNS"
                + " label, else its instance id); unique in its network")
        String hostname;
        @Option(names = "--ssh-key-file", paramLabel = "FILE", description = "OpenSSH public keys, one per line (repeatable)")
        List<Path> keyFiles = new ArrayList<>();
        @Option(names = "--user-data-file", paramLabel = "FILE", description = "user data for cloud-init, at most 65535 bytes")
        Path userDataFile;

        @Override
        public void run() {
            GuestRequest guest = GuestFiles.request(hostname, keyFiles, userDataFile);
            try (Backend backend = global.backend()) {
                AttachedVifView vif = backend.attach(project, pool, vm, rate == null ? OptionalLong.empty() : OptionalLong.of(rate), nic,
                        guest);
                Output.print(spec.commandLine().getOut(), global, vif, () -> ComputeViews.attachedTable(vif), "");
                if (!global.json() && vif.notice() != null) {
                    spec.commandLine().getOut().println(vif.notice());
                    spec.commandLine().getOut().flush();
                }
            }
        }
    }

    @Command(name = "detach", mixinStandardHelpOptions = true,
            description = {"Unplug and destroy the VM's xenvlan VIFs on the pool and release their addresses (only theirs).",
                    "A VM with nothing left to detach says so and exits 0."})
    static final class Detach implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--pool", required = true) String pool;
        @Option(names = "--vm", required = true, paramLabel = "VM-UUID") String vm;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                DetachmentView detached = backend.detach(pool, vm);
                Output.print(spec.commandLine().getOut(), global, detached, () -> ComputeViews.detachedTable(detached),
                        detached.message());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List xenvlan's VIFs, newest first.")
    static final class ListVifs implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Option(names = "--pool") String pool;
        @Option(names = "--vm", paramLabel = "VM-UUID") String vm;
        @Option(names = "--project") String project;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                List<VifView> vifs = backend.vifs(Optional.ofNullable(pool), Optional.ofNullable(vm), Optional.ofNullable(project));
                Output.print(spec.commandLine().getOut(), global, vifs, () -> ComputeViews.vifTable(vifs), "no VIFs");
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One VIF: address, refs, the VM's host name and key names (never its user data).")
    static final class Show implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "VIF-UUID") UUID vif;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                VifDetailView v = backend.vif(vif);
                Output.print(spec.commandLine().getOut(), global, v, () -> GuestViews.table(v), "");
            }
        }
    }

    @Command(name = "user-data", mixinStandardHelpOptions = true,
            description = "Write the user data the VIF's attach gave to standard output, byte for byte.")
    static final class ShowUserData implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "VIF-UUID") UUID vif;

        @Override
        public void run() {
            try (Backend backend = global.backend()) {
                byte[] data = backend.userData(vif);
                if (global.json()) {
                    Output.print(spec.commandLine().getOut(), global, UserDataView.of(vif, data), () -> null, "");
                } else {
                    System.out.write(data, 0, data.length);
                    System.out.flush();
                }
            }
        }
    }
}
