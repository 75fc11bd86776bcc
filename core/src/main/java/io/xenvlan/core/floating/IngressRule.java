package io.xenvlan.core.floating;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.ProjectId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a project's floating IPs let in beyond the default (replies to connections its VMs opened,
 * ICMP echo): {@code protocol}, optionally a port range (tcp and udp only), from a source range.
 *
 * @param id the store's id; 0 for a rule not stored yet
 */
public record IngressRule(long id, ProjectId project, Protocol protocol, Optional<PortRange> ports, Cidr from) {
    /** Anywhere: the source of a rule given without {@code --from}. */
    static final Cidr ANYWHERE = Cidr.parse("0.0.0.0/0");

    public IngressRule {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(from, "from");
        if (ports.isPresent() && !protocol.hasPorts()) {
            throw new InvalidInputException("port", "no-port-for-icmp", "port: icmp has no ports; leave --port out");
        }
    }

    /**
     * Validates what a user typed.
     * @throws InvalidInputException naming {@code project}, {@code protocol}, {@code port} or {@code from}
     */
    public static IngressRule parse(String project, String protocol, Optional<String> port, Optional<String> from) {
        return new IngressRule(0, ProjectId.of(project), Protocol.parse(protocol), port.map(PortRange::parse),
                from.map(f -> Cidr.parse("from", f)).orElse(ANYWHERE));
    }

    public IngressRule withId(long newId) {
        return new IngressRule(newId, project, protocol, ports, from);
    }
}
