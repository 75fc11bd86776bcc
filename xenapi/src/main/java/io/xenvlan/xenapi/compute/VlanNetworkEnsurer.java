package io.xenvlan.xenapi.compute;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.network.Network;
import io.xenvlan.xenapi.client.HostRecord;
import io.xenvlan.xenapi.client.NetworkRecord;
import io.xenvlan.xenapi.client.NetworkSpec;
import io.xenvlan.xenapi.client.PifRecord;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiException;
import io.xenvlan.xenapi.client.XenFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blueprint's steps on one pool, done right: look the network up by name_label (= bridge),
 * check the trunk PIFs before creating anything, create a managed network tagged with xenvlan's
 * ids, give every host a VLAN PIF (hosts that joined later too), and refuse a network whose PIFs
 * carry another tag or device. A new VLAN network costs 5 calls whatever the number of hosts
 * (hosts, trunk PIFs, namesakes, network.create, pool.create_VLAN_from_PIF).
 */
final class VlanNetworkEnsurer {
    static final String NETWORK_ID_KEY = "xenvlan_network_id";
    static final String VLAN_KEY = "xenvlan_vlan";
    private static final Logger log = LoggerFactory.getLogger(VlanNetworkEnsurer.class);

    private VlanNetworkEnsurer() {
    }

    /** The network's ref and the hosts that have a PIF on it (every host of the pool, once ensured). */
    record Ensured(String ref, Set<Ref<HostRecord>> hosts) {
        Ensured {
            hosts = Set.copyOf(hosts);
        }
    }

    static Ensured ensure(XenApiClient client, PoolName pool, Network network, Optional<String> recorded) {
        String label = network.bridge().value();
        String device = network.bridgeInterface().value();
        long tag = network.vlan().value();
        Map<Ref<HostRecord>, HostRecord> hosts = client.hosts().getAllRecords();
        Map<Ref<HostRecord>, Ref<PifRecord>> trunks = new LinkedHashMap<>();
        client.pifs().getAllRecordsWhere(XenFilter.and(XenFilter.eq("device", device), XenFilter.eq("VLAN", "-1")))
                .forEach((ref, pif) -> trunks.putIfAbsent(pif.host(), ref));
        Map<Ref<NetworkRecord>, NetworkRecord> candidates =
                client.networks().getAllRecordsWhere(XenFilter.eq("name__label", label));

        Optional<Ref<NetworkRecord>> chosen = choose(candidates, recorded, network.id());
        candidates.keySet().stream().filter(ref -> chosen.map(c -> !c.equals(ref)).orElse(false)).forEach(other ->
                log.warn("pool {}: network {} is also named {}; xenvlan uses {} and leaves it alone", pool, other, label,
                        chosen.get()));

        Map<Ref<HostRecord>, PifRecord> onNetwork = new LinkedHashMap<>();
        Ref<NetworkRecord> ref;
        if (chosen.isPresent()) {
            ref = chosen.get();
            client.pifs().getAllRecordsWhere(XenFilter.eq("network", ref.value())).values().forEach(pif -> {
                checkTag(pool, hosts, ref, label, device, tag, pif);
                onNetwork.put(pif.host(), pif);
            });
        } else {
            requireTrunks(pool, hosts, trunks, device, hosts.keySet());
            ref = client.networks().create(NetworkSpec.managed(label,
                    "xenvlan network " + network.label().value() + " (VLAN " + tag + ")", network.mtu(),
                    Map.of(NETWORK_ID_KEY, Long.toString(network.id()), VLAN_KEY, Long.toString(tag))));
            log.info("pool {}: created network {} ({}) for VLAN {}", pool, ref, label, tag);
            // the pool-wide call: one VLAN per host whose trunk shares the first trunk's network,
            // rolled back by the pool on error
            List<Ref<PifRecord>> created = client.pools().createVlanFromPif(trunks.values().iterator().next(), ref, tag);
            if (created.size() == hosts.size()) {
                return new Ensured(ref.value(), hosts.keySet());
            }
            // some trunk sits on another network: find who is still missing and add them one by one
            client.pifs().getAllRecordsWhere(XenFilter.eq("network", ref.value())).values()
                    .forEach(pif -> onNetwork.put(pif.host(), pif));
        }
        List<Ref<HostRecord>> lacking = hosts.keySet().stream().filter(h -> !onNetwork.containsKey(h)).toList();
        requireTrunks(pool, hosts, trunks, device, lacking);
        for (Ref<HostRecord> host : lacking) {
            try {
                client.vlans().create(trunks.get(host), tag, ref);
            } catch (XenApiException e) {
                if (!"NETWORK_ALREADY_CONNECTED".equals(e.errorCode())) {
                    throw e;
                }
                // someone else connected it meanwhile: the next ensure checks its tag
            }
        }
        return new Ensured(ref.value(), hosts.keySet());
    }

    /** The recorded network, else one xenvlan tagged with this network's id, else the oldest-looking namesake. */
    private static Optional<Ref<NetworkRecord>> choose(Map<Ref<NetworkRecord>, NetworkRecord> candidates,
                                                       Optional<String> recorded, long networkId) {
        if (recorded.isPresent() && candidates.containsKey(Ref.<NetworkRecord>of(recorded.get()))) {
            return Optional.of(Ref.of(recorded.get()));
        }
        String id = Long.toString(networkId);
        Optional<Ref<NetworkRecord>> ours = candidates.entrySet().stream()
                .filter(e -> id.equals(e.getValue().otherConfig().get(NETWORK_ID_KEY)))
                .map(Map.Entry::getKey).min(Comparator.comparing(Ref::value));
        return ours.isPresent() ? ours : candidates.keySet().stream().min(Comparator.comparing(Ref::value));
    }

    private static void checkTag(PoolName pool, Map<Ref<HostRecord>, HostRecord> hosts, Ref<NetworkRecord> network,
                                 String label, String device, long tag, PifRecord pif) {
        if (pif.vlan() == tag && pif.device().equals(device)) {
            return;
        }
        String host = hosts.containsKey(pif.host()) ? hosts.get(pif.host()).nameLabel() : pif.host().value();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pool", pool.value());
        details.put("network", label);
        details.put("network_ref", network.value());
        details.put("host", host);
        details.put("pif", pif.uuid());
        details.put("expected_tag", tag);
        details.put("found_tag", pif.vlan());
        details.put("expected_device", device);
        details.put("found_device", pif.device());
        throw new ConflictException("pool " + pool + ": network " + label + " (" + network + ") has PIF " + pif.uuid()
                + " on host " + host + " with VLAN " + pif.vlan() + " on " + pif.device() + "; expected VLAN " + tag
                + " on " + device, details);
    }

    private static void requireTrunks(PoolName pool, Map<Ref<HostRecord>, HostRecord> hosts,
                                      Map<Ref<HostRecord>, Ref<PifRecord>> trunks, String device,
                                      Collection<Ref<HostRecord>> needed) {
        List<String> missing = new ArrayList<>();
        for (Ref<HostRecord> host : needed) {
            if (!trunks.containsKey(host)) {
                missing.add(hosts.get(host).nameLabel());
            }
        }
        if (!missing.isEmpty()) {
            List<String> params = new ArrayList<>(List.of(pool.value(), device));
            params.addAll(missing);
            throw new BackendFailureException("xenapi", "TRUNK_PIF_MISSING", params, "pool " + pool + ": host(s) "
                    + String.join(", ", missing) + " have no PIF on trunk device " + device + " (VLAN -1)", null);
        }
    }
}
