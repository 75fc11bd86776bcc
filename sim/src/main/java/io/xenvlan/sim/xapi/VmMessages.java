package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * VM.start / start_on / clean_shutdown / hard_shutdown: enough lifecycle to plug VIFs. A VM
 * starts only on a host where each of its networks that has PIFs has one
 * (VM_REQUIRES_NETWORK [vm; network]); starting plugs its VIFs, stopping unplugs them.
 */
final class VmMessages {
    private VmMessages() {}

    static void register(Consumer<Message> table) {
        table.accept(Message.call("VM.start", List.of("vm", "start_paused", "force"), (ctx, a) -> {
            XObject vm = a.ref(0, Schema.VM, ctx.db());
            a.bool(1);
            a.bool(2);
            requireGuest(vm, "start");
            start(ctx.pool(), vm, null);
            return "";
        }));
        table.accept(Message.call("VM.start_on", List.of("vm", "host", "start_paused", "force"), (ctx, a) -> {
            XObject vm = a.ref(0, Schema.VM, ctx.db());
            XObject host = a.ref(1, Schema.HOST, ctx.db());
            a.bool(2);
            a.bool(3);
            requireGuest(vm, "start_on");
            start(ctx.pool(), vm, host);
            return "";
        }));
        Message.Handler shutdown = (ctx, a) -> {
            shutdown(ctx.pool(), a.ref(0, Schema.VM, ctx.db()));
            return "";
        };
        table.accept(Message.call("VM.clean_shutdown", List.of("vm"), shutdown));
        table.accept(Message.call("VM.hard_shutdown", List.of("vm"), shutdown));
    }

    private static void requireState(XObject vm, String expected) {
        String actual = vm.str("power_state");
        if (!actual.equalsIgnoreCase(expected)) {
            throw XenApiFailure.of("VM_BAD_POWER_STATE", vm.ref(), expected, actual.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Templates and snapshots do not run: VM_IS_TEMPLATE / VM_IS_SNAPSHOT [vm; operation], after
     * the power-state check, as xapi orders its checks.
     */
    private static void requireGuest(XObject vm, String operation) {
        requireState(vm, "halted");
        if (vm.bool("is_a_snapshot")) {
            throw XenApiFailure.of("VM_IS_SNAPSHOT", vm.ref(), operation);
        }
        if (vm.bool("is_a_template")) {
            throw XenApiFailure.of("VM_IS_TEMPLATE", vm.ref(), operation);
        }
    }

    /** Starts the VM on {@code host}, or when null on its affinity or the first host that fits. */
    static void start(SimPool pool, XObject vm, XObject host) {
        Database db = pool.db();
        requireState(vm, "halted");
        List<XObject> candidates = new ArrayList<>();
        if (host != null) {
            candidates.add(host);
        } else {
            db.find(vm.str("affinity")).filter(h -> h.cls() == Schema.HOST).ifPresent(candidates::add);
            pool.hosts().stream().filter(pool::live).filter(h -> !candidates.contains(h)).forEach(candidates::add);
        }
        XenApiFailure first = null;
        for (XObject candidate : candidates) {
            try {
                checkNetworks(pool, vm, candidate);
                boot(pool, vm, candidate);
                return;
            } catch (XenApiFailure e) {
                first = first == null ? e : first;
            }
        }
        throw first != null ? first : XenApiFailure.of("NO_HOSTS_AVAILABLE");
    }

    private static void checkNetworks(SimPool pool, XObject vm, XObject host) {
        for (XObject vif : pool.refsOf(vm, "VIFs", Schema.VIF)) {
            XObject network = pool.db().get(Schema.NETWORK, vif.str("network"));
            List<String> pifs = network.refs("PIFs");
            boolean local = pool.refsOf(network, "PIFs", Schema.PIF).stream()
                    .anyMatch(p -> p.str("host").equals(host.ref()));
            if (!pifs.isEmpty() && !local) {
                throw XenApiFailure.of("VM_REQUIRES_NETWORK", vm.ref(), network.ref());
            }
        }
    }

    private static void boot(SimPool pool, XObject vm, XObject host) {
        Database db = pool.db();
        long domid = 1 + pool.refsOf(host, "resident_VMs", Schema.VM).stream()
                .mapToLong(v -> v.int64("domid")).max().orElse(0);
        pool.vmStarted(vm, host, domid);
        db.set(vm, "power_state", "Running");
        db.set(vm, "resident_on", host.ref());
        db.set(vm, "domid", domid);
        for (XObject vif : pool.refsOf(vm, "VIFs", Schema.VIF)) {
            pool.plugVif(vif, vm);
        }
    }

    static void shutdown(SimPool pool, XObject vm) {
        requireState(vm, "running");
        Database db = pool.db();
        XObject host = db.get(Schema.HOST, vm.str("resident_on"));
        for (XObject vif : pool.refsOf(vm, "VIFs", Schema.VIF)) {
            if (vif.bool("currently_attached")) {
                pool.unplugVif(vif, vm);
            }
        }
        pool.vmStopped(vm, host);
        db.set(vm, "power_state", "Halted");
        db.set(vm, "resident_on", Schema.NULL_REF);
        db.set(vm, "domid", -1L);
    }
}
