package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.List;
import java.util.function.Consumer;

/** PIF.plug (a VLAN PIF plugs its tagged PIF first) and PIF.unplug. */
final class PifMessages {
    private PifMessages() {}

    static void register(Consumer<Message> table) {
        table.accept(Message.call("PIF.plug", List.of("self"), (ctx, a) -> {
            ctx.pool().plugPif(a.ref(0, Schema.PIF, ctx.db()));
            return "";
        }));
        table.accept(Message.call("PIF.unplug", List.of("self"), (ctx, a) -> {
            XObject pif = a.ref(0, Schema.PIF, ctx.db());
            if (pif.bool("management")) {
                throw XenApiFailure.of("PIF_IS_MANAGEMENT_INTERFACE", pif.ref());
            }
            if (pif.bool("disallow_unplug")) {
                throw XenApiFailure.of("PIF_DOES_NOT_ALLOW_UNPLUG", pif.ref());
            }
            ctx.pool().unplugPif(pif);
            return "";
        }));
    }
}
