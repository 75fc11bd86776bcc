package io.xenvlan.sim;

/**
 * The port through which a real data plane follows the simulated pool. The simulator calls it
 * synchronously, inside the XenAPI call and under the database's write lock, BEFORE it records
 * the change: a call that throws fails the XenAPI call (a {@link XenApiFailure} keeps its code,
 * anything else becomes {@code INTERNAL_ERROR}) and leaves the database unchanged.
 *
 * <p>A data-plane implementation maps a plugged physical PIF to the host's bridge
 * ({@code xenbrN}), a plugged VLAN PIF to an Open vSwitch fake bridge ({@code xapiN} with
 * parent {@code xenbrM} and the tag), a plugged VIF to a veth into the VM's namespace. The
 * default, {@link #NONE}, does nothing.
 */
public interface DataPlane {

    /** A data plane that ignores every change. */
    DataPlane NONE = new DataPlane() {
    };

    /** A PIF is being plugged: its network's bridge must come up on the host. */
    default void pifPlugged(PifPort pif) {
    }

    /** A PIF is being unplugged (or destroyed while attached). */
    default void pifUnplugged(PifPort pif) {
    }

    /** A VIF is being plugged into its network's bridge on the VM's host. */
    default void vifPlugged(VifPort vif) {
    }

    /** A VIF is being unplugged. */
    default void vifUnplugged(VifPort vif) {
    }

    /**
     * The locking of a plugged VIF is changing ({@code VIF.set_locking_mode}, {@code
     * VIF.set_ipv4_allowed} ...): the host's filtering rules must follow {@link VifPort#locking()},
     * as xapi's {@code refresh_filtering_rules} makes the host redo them.
     */
    default void vifLockingChanged(VifPort vif) {
    }

    /** A VM is starting on a host (before its VIFs are plugged). */
    default void vmStarted(VmPort vm) {
    }

    /** A VM has stopped (after its VIFs were unplugged). */
    default void vmStopped(VmPort vm) {
    }

    /** The simulator is stopping: release what the data plane built. Called once, last. */
    default void poolStopped() {
    }
}
