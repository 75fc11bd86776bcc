package io.xenvlan.lab.demo;

import java.util.Optional;

/**
 * What the outside saw of one VM's floating IP on the real data plane.
 *
 * @param reply      what the VM's server on the port a rule opens answered from outside (empty: no connection)
 * @param outboundAs the address a connection the VM opened to the outside arrived from
 * @param refused    a connection from outside to a port no rule opens did not come up (the VM listens there too)
 * @param goneAfter  the floating IP stopped answering once disassociated
 */
public record FloatingCheck(AttachedVm vm, String floatingIp, boolean ping, Optional<String> reply, Optional<String> outboundAs,
                            boolean refused, boolean goneAfter) {

    /** The greeting the VM's server sends on the opened port. */
    static String greeting(AttachedVm vm) {
        return "hello from " + vm.vm().name();
    }

    boolean replyPass() {
        return reply.filter(r -> r.equals(greeting(vm))).isPresent();
    }

    boolean outboundPass() {
        return outboundAs.filter(floatingIp::equals).isPresent();
    }

    boolean pass() {
        return ping && replyPass() && outboundPass() && refused && goneAfter;
    }
}
