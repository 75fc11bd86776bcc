package io.xenvlan.lab.demo;

import io.xenvlan.sim.ovs.RunTag;
import java.util.List;
import java.util.Objects;

/**
 * What to build: a simulated pool of {@code hosts} hosts with {@code vmsPerProject} VMs for
 * each project, spread over the hosts, either XenAPI only (the network node only reports) or
 * over a real data plane.
 *
 * @param hosts         hosts in the pool (3)
 * @param projects      the tenants
 * @param vmsPerProject VMs per project; a project's VMs go to different hosts first
 * @param dataplane     real Open vSwitch, namespaces and dnsmasq (root) instead of report-only
 * @param tag           the per-run prefix of every name the data plane creates
 */
public record LabConfig(int hosts, List<String> projects, int vmsPerProject, boolean dataplane, RunTag tag) {

    public LabConfig {
        projects = List.copyOf(projects);
        Objects.requireNonNull(tag, "tag");
        if (hosts < 1 || hosts > 16) {
            throw new IllegalArgumentException("hosts must be 1..16, got " + hosts);
        }
        if (projects.isEmpty() || vmsPerProject < 1) {
            throw new IllegalArgumentException("at least one project with one VM");
        }
    }
}
