package io.xenvlan.core.port;

import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.FloatingFilter;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PoolUsage;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Floating pools, the floating IPs projects hold and their associations, and the projects' ingress
 * rules. Every method is one transaction, safe from many threads and many processes sharing one
 * database; a method that throws has changed nothing.
 */
public interface FloatingStore {

    /**
     * Adds a pool; checked against every network and pool under the lock network creation takes.
     * @throws io.xenvlan.core.error.ConflictException naming {@code range} on overlap, {@code pool} on a taken name
     */
    PoolUsage createPool(FloatingPool pool);

    /** Every pool with its usage, by name. */
    List<PoolUsage> pools();

    /**
     * @throws io.xenvlan.core.error.NotFoundException when there is no such pool
     * @throws io.xenvlan.core.error.ConflictException while projects hold addresses of it
     */
    FloatingPool deletePool(FloatingPoolName name);

    /**
     * Gives the project a free address of the pool (of any pool, by name, when none is given).
     * Racing allocations never hand one address to two projects, nor a project more than {@code quota}.
     *
     * @throws io.xenvlan.core.error.ExhaustedException quota reached, or no free address
     * @throws io.xenvlan.core.error.NotFoundException for an unknown pool
     */
    FloatingIp allocate(ProjectId project, Optional<FloatingPoolName> pool, int quota);

    /**
     * Allocates (as {@link #allocate}, marked auto-assigned) and associates with {@code fixed} in one
     * transaction: what an attach on an auto-floating network does. The address goes again when
     * {@code fixed} is released.
     */
    FloatingIp allocateAssociated(ProjectId project, Ipv4Address fixed, int quota);

    Optional<FloatingIp> floatingIp(Ipv4Address address);

    /** Floating IPs matching the filter, by address. */
    List<FloatingIp> floatingIps(FloatingFilter filter);

    /**
     * Points the floating IP at {@code fixed}, moving it when it points elsewhere.
     *
     * @throws io.xenvlan.core.error.NotFoundException no such floating IP, or no network holds {@code fixed}
     * @throws io.xenvlan.core.error.ConflictException {@code fixed} is not allocated, or has another floating IP
     * @throws io.xenvlan.core.error.ForbiddenException {@code fixed} belongs to another project
     */
    Associated associate(Ipv4Address floatingIp, Ipv4Address fixed);

    /**
     * @throws io.xenvlan.core.error.NotFoundException no such floating IP
     * @throws io.xenvlan.core.error.ConflictException it is not associated
     */
    FloatingIp disassociate(Ipv4Address floatingIp);

    /**
     * Gives the address back to its pool, disassociating it first; returns it as it was.
     * @throws io.xenvlan.core.error.NotFoundException no such floating IP
     */
    FloatingIp release(Ipv4Address floatingIp);

    /** @throws io.xenvlan.core.error.ConflictException when the project has the same rule */
    IngressRule addRule(IngressRule rule);

    /** Rules of one project or of all, by id. */
    List<IngressRule> rules(Optional<ProjectId> project);

    /** @throws io.xenvlan.core.error.NotFoundException when there is no such rule */
    IngressRule deleteRule(long id);

    /**
     * Creates the networks {@code carver} plans, marked auto-floating in the same transaction (so no
     * crash leaves them unmarked).
     */
    List<Network> createAutoFloatingNetworks(NetworkCarver carver);

    /** Marks networks auto-floating (every attach on them also gets a floating IP), or not. */
    void setAutoFloating(Collection<Long> networkIds, boolean auto);

    /** The networks created {@code --auto-floating}. */
    Set<Long> autoFloatingNetworks();
}
