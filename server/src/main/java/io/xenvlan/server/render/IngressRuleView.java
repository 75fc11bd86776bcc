package io.xenvlan.server.render;

/**
 * An ingress rule of a project's floating IPs, as the API answers it and the CLI prints it.
 *
 * @param protocol {@code tcp}, {@code udp} or {@code icmp}
 * @param port a port or a range ({@code N-M}), null for every port
 * @param from the sources' CIDR
 */
public record IngressRuleView(long id, String project, String protocol, String port, String from) {}
