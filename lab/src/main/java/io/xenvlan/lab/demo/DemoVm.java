package io.xenvlan.lab.demo;

/**
 * A guest VM of the simulated pool that the demo attaches to its project's network.
 *
 * @param project  the tenant it belongs to
 * @param name     its name_label
 * @param uuid     its uuid (xenvlan's instance id)
 * @param hostName the host it runs on
 * @param hostUuid that host's uuid
 */
public record DemoVm(String project, String name, String uuid, String hostName, String hostUuid) {
}
