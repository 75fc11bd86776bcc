package io.xenvlan.server.metrics;

import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolInventory;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolNetworkView;
import io.xenvlan.core.hypervisor.VifRequest;
import io.xenvlan.core.hypervisor.VmInfo;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.HypervisorNetworking;
import io.xenvlan.core.value.InstanceId;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Counts and times the compute side's work by operation ({@code ensureVlanNetwork}, {@code attachVif},
 * {@code detachVif}, {@code vm}, {@code networks}, {@code refreshVlanNetwork}, {@code inventory}) and by the error code of a
 * failure ({@code none} when it succeeded), as {@code xenvlan_compute_operations_total} and
 * {@code xenvlan_compute_operation_seconds}. The single XenAPI requests are metered by the pool clients.
 */
public final class MeteredHypervisor implements HypervisorNetworking {
    private final HypervisorNetworking hypervisor;
    private final ServerMetrics metrics;

    public MeteredHypervisor(HypervisorNetworking hypervisor, ServerMetrics metrics) {
        this.hypervisor = hypervisor;
        this.metrics = metrics;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String error = "none";
        try {
            return call.get();
        } catch (XenvlanException e) {
            // the XenAPI error code when the failure carries one (BackendFailureException, the client's XenApiException)
            error = String.valueOf(e.details().getOrDefault("error_code", e.code()));
            throw e;
        } catch (RuntimeException e) {
            error = "internal";
            throw e;
        } finally {
            metrics.computeOperation(operation, error, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public String ensureVlanNetwork(PoolName pool, Network network) {
        return timed("ensureVlanNetwork", () -> hypervisor.ensureVlanNetwork(pool, network));
    }

    @Override
    public PlacedVif attachVif(PoolName pool, VifRequest request) {
        return timed("attachVif", () -> hypervisor.attachVif(pool, request));
    }

    @Override
    public VmInfo vm(PoolName pool, InstanceId vmUuid) {
        return timed("vm", () -> hypervisor.vm(pool, vmUuid));
    }

    @Override
    public boolean detachVif(PoolName pool, InstanceId vmUuid, UUID xenvlanVifUuid) {
        return timed("detachVif", () -> hypervisor.detachVif(pool, vmUuid, xenvlanVifUuid));
    }

    @Override
    public List<PoolNetworkView> networks(PoolName pool) {
        return timed("networks", () -> hypervisor.networks(pool));
    }

    @Override
    public String refreshVlanNetwork(PoolName pool, Network network) {
        return timed("refreshVlanNetwork", () -> hypervisor.refreshVlanNetwork(pool, network));
    }

    @Override
    public PoolInventory inventory(PoolName pool) {
        return timed("inventory", () -> hypervisor.inventory(pool));
    }
}
