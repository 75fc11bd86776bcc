package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * VIF locking as xapi has it (xapi_vif.ml, xapi_network.ml): {@code VIF.set_locking_mode},
 * {@code VIF.set_/add_/remove_ipv4_allowed} and the IPv6 three, and
 * {@code network.set_default_locking_mode}. The fields are StaticRO in the datamodel, so these
 * are their only writers; each has an Async form. A change to a plugged VIF makes the host redo
 * its filtering rules first ({@link SimPool#refreshFiltering}). Not modelled: the licence check
 * (every edition has VIF locking now) and the refusal of {@code locked} while a vswitch
 * controller is active.
 */
final class VifLockingMessages {
    static final List<String> VIF_MODES = List.of("network_default", "locked", "unlocked", "disabled");
    static final List<String> NETWORK_MODES = List.of("unlocked", "disabled");
    private static final Pattern IPV4_ADDRESS = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV4_PREFIX = Pattern.compile("([0-9]{1,3}(\\.[0-9]{1,3}){3})/(3[0-2]|[12]?[0-9])");

    private VifLockingMessages() {}

    static void register(Consumer<Message> table) {
        table.accept(Message.call("VIF.set_locking_mode", List.of("self", "value"), (ctx, a) -> {
            XObject vif = a.ref(0, Schema.VIF, ctx.db());
            String mode = enumValue(a.string(1), VIF_MODES, "value");
            change(ctx.pool(), vif, mode, vif.refs("ipv4_allowed"), vif.refs("ipv6_allowed"));
            return "";
        }));
        for (Family family : Family.values()) {
            registerAddresses(family, table);
        }
        table.accept(Message.call("network.set_default_locking_mode", List.of("network", "value"), (ctx, a) -> {
            XObject network = a.ref(0, Schema.NETWORK, ctx.db());
            String mode = enumValue(a.string(1), NETWORK_MODES, "value");
            for (XObject vif : ctx.pool().refsOf(network, "VIFs", Schema.VIF)) {
                if (vif.bool("currently_attached")) {
                    throw XenApiFailure.of("VIF_IN_USE", network.ref(), vif.ref());
                }
            }
            ctx.db().set(network, "default_locking_mode", mode);
            return "";
        }));
    }

    private static void registerAddresses(Family family, Consumer<Message> table) {
        String field = family.field;
        table.accept(Message.call("VIF.set_" + field, List.of("self", "value"), (ctx, a) -> {
            XObject vif = a.ref(0, Schema.VIF, ctx.db());
            List<String> addresses = List.copyOf(new LinkedHashSet<>(a.strings(1))); // xapi makes a set of it
            addresses.forEach(address -> family.check(address));
            change(ctx.pool(), vif, family, addresses);
            return "";
        }));
        table.accept(Message.call("VIF.add_" + field, List.of("self", "value"), (ctx, a) -> {
            XObject vif = a.ref(0, Schema.VIF, ctx.db());
            String address = family.check(a.string(1));
            List<String> addresses = new ArrayList<>(vif.refs(field));
            if (!addresses.contains(address)) {
                addresses.add(0, address); // xapi's database puts a new set member first
            }
            change(ctx.pool(), vif, family, addresses);
            return "";
        }));
        table.accept(Message.call("VIF.remove_" + field, List.of("self", "value"), (ctx, a) -> {
            XObject vif = a.ref(0, Schema.VIF, ctx.db());
            List<String> addresses = new ArrayList<>(vif.refs(field));
            addresses.remove(a.string(1)); // no check: removing what is not there changes nothing
            change(ctx.pool(), vif, family, addresses);
            return "";
        }));
    }

    private static void change(SimPool pool, XObject vif, Family family, List<String> addresses) {
        List<String> v4 = family == Family.IPV4 ? addresses : vif.refs("ipv4_allowed");
        List<String> v6 = family == Family.IPV6 ? addresses : vif.refs("ipv6_allowed");
        change(pool, vif, vif.str("locking_mode"), v4, v6);
    }

    /** The host's rules first (a failure there changes nothing), then the record. */
    private static void change(SimPool pool, XObject vif, String mode, List<String> v4, List<String> v6) {
        pool.refreshFiltering(vif, mode, v4, v6);
        Database db = pool.db();
        if (!mode.equals(vif.str("locking_mode"))) {
            db.set(vif, "locking_mode", mode);
        }
        if (!v4.equals(vif.refs("ipv4_allowed"))) {
            db.set(vif, "ipv4_allowed", List.copyOf(v4));
        }
        if (!v6.equals(vif.refs("ipv6_allowed"))) {
            db.set(vif, "ipv6_allowed", List.copyOf(v6));
        }
    }

    /**
     * A value of an enum parameter. xapi's unmarshaller fails on a value outside the enum (an
     * INTERNAL_ERROR with its message); the simulator answers FIELD_TYPE_ERROR [parameter], as
     * for any argument that does not unmarshal.
     */
    static String enumValue(String value, List<String> values, String parameter) {
        if (!values.contains(value)) {
            throw XenApiFailure.of("FIELD_TYPE_ERROR", parameter);
        }
        return value;
    }

    /** An address family of the allowed lists, with xapi's check: an address or a prefix, else INVALID_IP_ADDRESS_SPECIFIED [field]. */
    private enum Family {
        IPV4("ipv4_allowed") {
            @Override
            boolean valid(String address) {
                var prefix = IPV4_PREFIX.matcher(address);
                return IPV4_ADDRESS.matcher(address).matches()
                        || prefix.matches() && List.of(prefix.group(1).split("\\.")).stream().allMatch(o -> Integer.parseInt(o) <= 255);
            }
        },
        IPV6("ipv6_allowed") {
            @Override
            boolean valid(String address) {
                int slash = address.indexOf('/');
                String host = slash < 0 ? address : address.substring(0, slash);
                if (slash >= 0 && !address.substring(slash + 1).matches("(12[0-8]|1[01][0-9]|[1-9]?[0-9])")) {
                    return false;
                }
                if (!host.contains(":") || !host.matches("[0-9A-Fa-f:.]+")) {
                    return false; // a literal only: InetAddress must never resolve a name here
                }
                try {
                    return InetAddress.getByName(host).getAddress().length == 16;
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        };

        final String field;

        Family(String field) {
            this.field = field;
        }

        abstract boolean valid(String address);

        String check(String address) {
            if (!valid(address)) {
                throw XenApiFailure.of("INVALID_IP_ADDRESS_SPECIFIED", field);
            }
            return address;
        }
    }
}
