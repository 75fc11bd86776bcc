package io.xenvlan.sim.xapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated XenAPI classes and the fields they carry, following xapi's datamodel: field
 * names, database columns (namespaced fields such as {@code name__label},
 * {@code qos__algorithm_type}, {@code API_version__major}), initial values and which fields
 * are writable. Only the classes and fields a VLAN network manager touches are modelled.
 */
final class Schema {
    static final String NULL_REF = "OpaqueRef:NULL";

    static final ClassDef POOL = new ClassDef("pool", new Fields()
            .add("uuid", Kind.STRING, "").names()
            .add("master", Kind.REF, NULL_REF)
            .add("default_SR", Kind.REF, NULL_REF)
            .rw("other_config", Kind.MAP, Map.of())
            .rw("tags", Kind.SET_STRING, List.of())
            .list());

    static final ClassDef HOST = new ClassDef("host", new Fields()
            .add("uuid", Kind.STRING, "").names()
            .add("allowed_operations", Kind.SET_STRING, List.of())
            .add("current_operations", Kind.MAP, Map.of())
            .ns("API_version", "major", Kind.INT, 2L)
            .ns("API_version", "minor", Kind.INT, 16L)
            .ns("API_version", "vendor", Kind.STRING, "XenSource")
            .add("enabled", Kind.BOOL, true)
            .add("software_version", Kind.MAP, Map.of())
            .rw("other_config", Kind.MAP, Map.of())
            .add("resident_VMs", Kind.SET_REF, List.of())
            .add("PIFs", Kind.SET_REF, List.of())
            .add("address", Kind.STRING, "")
            .add("hostname", Kind.STRING, "")
            .rw("tags", Kind.SET_STRING, List.of())
            .list());

    static final ClassDef NETWORK = new ClassDef("network", new Fields()
            .add("uuid", Kind.STRING, "").names().defaulted(2)
            .add("allowed_operations", Kind.SET_STRING, List.of())
            .add("current_operations", Kind.MAP, Map.of())
            .add("VIFs", Kind.SET_REF, List.of())
            .add("PIFs", Kind.SET_REF, List.of())
            .rw("MTU", Kind.INT, 1500L).defaulted(1)
            .rw("other_config", Kind.MAP, Map.of()).required()
            .add("bridge", Kind.STRING, "").defaulted(1)
            .add("managed", Kind.BOOL, true).defaulted(1)
            .add("blobs", Kind.MAP, Map.of())
            .rw("tags", Kind.SET_STRING, List.of()).defaulted(1)
            .add("default_locking_mode", Kind.ENUM, "unlocked")
            .add("assigned_ips", Kind.MAP, Map.of())
            .add("purpose", Kind.SET_STRING, List.of())
            .list());

    static final ClassDef PIF = new ClassDef("PIF", new Fields()
            .add("uuid", Kind.STRING, "")
            .add("device", Kind.STRING, "")
            .add("network", Kind.REF, NULL_REF)
            .add("host", Kind.REF, NULL_REF)
            .add("MAC", Kind.STRING, "")
            .add("MTU", Kind.INT, 1500L)
            .add("VLAN", Kind.INT, -1L)
            .add("metrics", Kind.REF, NULL_REF)
            .add("physical", Kind.BOOL, false)
            .add("currently_attached", Kind.BOOL, false)
            .add("ip_configuration_mode", Kind.ENUM, "None")
            .add("IP", Kind.STRING, "")
            .add("netmask", Kind.STRING, "")
            .add("gateway", Kind.STRING, "")
            .add("DNS", Kind.STRING, "")
            .add("bond_slave_of", Kind.REF, NULL_REF)
            .add("bond_master_of", Kind.SET_REF, List.of())
            .add("VLAN_master_of", Kind.REF, NULL_REF)
            .add("VLAN_slave_of", Kind.SET_REF, List.of())
            .add("management", Kind.BOOL, false)
            .rw("other_config", Kind.MAP, Map.of())
            .rw("disallow_unplug", Kind.BOOL, false)
            .add("tunnel_access_PIF_of", Kind.SET_REF, List.of())
            .add("tunnel_transport_PIF_of", Kind.SET_REF, List.of())
            .add("ipv6_configuration_mode", Kind.ENUM, "None")
            .add("IPv6", Kind.SET_STRING, List.of())
            .add("ipv6_gateway", Kind.STRING, "")
            .add("primary_address_type", Kind.ENUM, "IPv4")
            .add("managed", Kind.BOOL, true)
            .add("properties", Kind.MAP, Map.of())
            .add("capabilities", Kind.SET_STRING, List.of())
            .add("igmp_snooping_status", Kind.ENUM, "unknown")
            .list());

    static final ClassDef VLAN = new ClassDef("VLAN", new Fields()
            .add("uuid", Kind.STRING, "")
            .add("tagged_PIF", Kind.REF, NULL_REF)
            .add("untagged_PIF", Kind.REF, NULL_REF)
            .add("tag", Kind.INT, -1L)
            .rw("other_config", Kind.MAP, Map.of())
            .list());

    static final ClassDef VIF = new ClassDef("VIF", new Fields()
            .add("uuid", Kind.STRING, "")
            .add("allowed_operations", Kind.SET_STRING, List.of())
            .add("current_operations", Kind.MAP, Map.of())
            .add("device", Kind.STRING, "").required()
            .add("network", Kind.REF, NULL_REF).required()
            .add("VM", Kind.REF, NULL_REF).required()
            .add("MAC", Kind.STRING, "").required()
            .add("MTU", Kind.INT, 1500L).required()
            .rw("other_config", Kind.MAP, Map.of()).required()
            .add("currently_attached", Kind.BOOL, false)
            .add("status_code", Kind.INT, 0L)
            .add("status_detail", Kind.STRING, "")
            .add("runtime_properties", Kind.MAP, Map.of())
            .nsRw("qos", "algorithm_type", Kind.STRING, "").required()
            .nsRw("qos", "algorithm_params", Kind.MAP, Map.of()).required()
            .ns("qos", "supported_algorithms", Kind.SET_STRING, List.of())
            .add("metrics", Kind.REF, NULL_REF)
            .add("MAC_autogenerated", Kind.BOOL, false)
            // StaticRO in the datamodel: constructor fields, changed only by their own messages (VifLocking)
            .add("locking_mode", Kind.ENUM, "network_default").defaulted(1)
            .add("ipv4_allowed", Kind.SET_STRING, List.of()).defaulted(1)
            .add("ipv6_allowed", Kind.SET_STRING, List.of()).defaulted(1)
            .list());

    static final ClassDef VM = new ClassDef("VM", new Fields()
            .add("uuid", Kind.STRING, "")
            .add("allowed_operations", Kind.SET_STRING, List.of())
            .add("current_operations", Kind.MAP, Map.of())
            .add("power_state", Kind.ENUM, "Halted").names()
            .add("user_version", Kind.INT, 1L)
            .add("is_a_template", Kind.BOOL, false)
            .add("resident_on", Kind.REF, NULL_REF)
            .rw("affinity", Kind.REF, NULL_REF)
            .add("VIFs", Kind.SET_REF, List.of())
            .rw("other_config", Kind.MAP, Map.of())
            .add("domid", Kind.INT, -1L)
            .add("is_control_domain", Kind.BOOL, false)
            .add("is_a_snapshot", Kind.BOOL, false)
            .add("snapshot_of", Kind.REF, NULL_REF)
            .add("snapshots", Kind.SET_REF, List.of())
            .add("snapshot_time", Kind.DATETIME, java.time.Instant.EPOCH)
            .rw("tags", Kind.SET_STRING, List.of())
            .list());

    static final ClassDef TASK = new ClassDef("task", new Fields()
            .add("uuid", Kind.STRING, "").names()
            .add("allowed_operations", Kind.SET_STRING, List.of())
            .add("current_operations", Kind.MAP, Map.of())
            .add("created", Kind.DATETIME, java.time.Instant.EPOCH)
            .add("finished", Kind.DATETIME, java.time.Instant.EPOCH)
            .add("status", Kind.ENUM, "pending")
            .add("resident_on", Kind.REF, NULL_REF)
            .add("progress", Kind.FLOAT, 0.0)
            .add("type", Kind.STRING, "")
            .add("result", Kind.STRING, "")
            .add("error_info", Kind.SET_STRING, List.of())
            .rw("other_config", Kind.MAP, Map.of())
            .list());

    /**
     * A login. Sessions are database objects, as in xapi, so session.get_record and the getters
     * work; they raise no events and have no get_all messages.
     */
    static final ClassDef SESSION = new ClassDef("session", new Fields()
            .add("uuid", Kind.STRING, "")
            .add("this_host", Kind.REF, NULL_REF)
            .add("this_user", Kind.REF, NULL_REF)
            .add("last_active", Kind.DATETIME, java.time.Instant.EPOCH)
            .add("pool", Kind.BOOL, false)
            .rw("other_config", Kind.MAP, Map.of())
            .add("is_local_superuser", Kind.BOOL, false)
            .add("subject", Kind.REF, NULL_REF)
            .add("validation_time", Kind.DATETIME, java.time.Instant.EPOCH)
            .add("auth_user_sid", Kind.STRING, "")
            .add("auth_user_name", Kind.STRING, "")
            .add("rbac_permissions", Kind.SET_STRING, List.of())
            .add("tasks", Kind.SET_REF, List.of())
            .add("parent", Kind.REF, NULL_REF)
            .add("originator", Kind.STRING, "")
            .add("client_certificate", Kind.BOOL, false)
            .list(), false, false);

    static final List<ClassDef> ALL = List.of(POOL, HOST, NETWORK, PIF, VLAN, VIF, VM, TASK, SESSION);

    /** One-to-many relations: setting the child's ref field keeps the parent's set in step. */
    static final List<Relation> RELATIONS = List.of(
            new Relation(PIF, "network", NETWORK, "PIFs"),
            new Relation(PIF, "host", HOST, "PIFs"),
            new Relation(VIF, "network", NETWORK, "VIFs"),
            new Relation(VIF, "VM", VM, "VIFs"),
            new Relation(VM, "resident_on", HOST, "resident_VMs"),
            new Relation(VM, "snapshot_of", VM, "snapshots"),
            new Relation(VLAN, "tagged_PIF", PIF, "VLAN_slave_of"));

    private Schema() {}

    static Optional<ClassDef> byName(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    static Optional<ClassDef> byEventName(String name) {
        return ALL.stream().filter(c -> c.eventName().equalsIgnoreCase(name)).findFirst();
    }

    /** A child class's ref field mirrored by a set of refs on the parent. */
    record Relation(ClassDef child, String childField, ClassDef parent, String parentField) {
    }

    private static final class Fields {
        private final List<FieldDef> list = new ArrayList<>();

        Fields add(String name, Kind kind, Object initial) {
            list.add(new FieldDef(name, name, kind, initial, false, FieldDef.Ctor.NONE));
            return this;
        }

        Fields rw(String name, Kind kind, Object initial) {
            list.add(new FieldDef(name, name, kind, initial, true, FieldDef.Ctor.NONE));
            return this;
        }

        Fields ns(String namespace, String name, Kind kind, Object initial) {
            list.add(new FieldDef(namespace + "_" + name, namespace + "__" + name, kind, initial, false, FieldDef.Ctor.NONE));
            return this;
        }

        Fields nsRw(String namespace, String name, Kind kind, Object initial) {
            list.add(new FieldDef(namespace + "_" + name, namespace + "__" + name, kind, initial, true, FieldDef.Ctor.NONE));
            return this;
        }

        /** The field just added is a constructor field without a default. */
        Fields required() {
            return ctor(1, FieldDef.Ctor.REQUIRED);
        }

        /** The {@code count} fields just added are constructor fields with their initial value as default. */
        Fields defaulted(int count) {
            return ctor(count, FieldDef.Ctor.DEFAULTED);
        }

        private Fields ctor(int count, FieldDef.Ctor ctor) {
            for (int i = list.size() - count; i < list.size(); i++) {
                list.set(i, list.get(i).withCtor(ctor));
            }
            return this;
        }

        /** name_label and name_description, writable, in the "name" namespace. */
        Fields names() {
            return nsRw("name", "label", Kind.STRING, "").nsRw("name", "description", Kind.STRING, "");
        }

        List<FieldDef> list() {
            return list;
        }
    }
}
