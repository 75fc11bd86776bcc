package io.xenvlan.core.hypervisor;

import java.util.Locale;

/**
 * What a record of a pool's VM table is. Only a {@link #GUEST} is a VM: templates, snapshots and
 * control domains share the table and are never attached to, indexed or counted as VMs.
 */
public enum VmKind {
    GUEST, TEMPLATE, SNAPSHOT, CONTROL_DOMAIN;

    /** From a VM record's flags (a snapshot is also a template in xapi; it is reported as a snapshot). */
    public static VmKind of(boolean template, boolean snapshot, boolean controlDomain) {
        if (controlDomain) {
            return CONTROL_DOMAIN;
        }
        if (snapshot) {
            return SNAPSHOT;
        }
        return template ? TEMPLATE : GUEST;
    }

    /** "template", "snapshot", "control domain". */
    String describe() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
