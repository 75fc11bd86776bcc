package io.xenvlan.netnode.floating;

import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The difference between what the node holds and its plan, as the element and chain operations
 * that close it (every removal names something present, so one nft transaction cannot fail on it),
 * the addresses to add and remove on the public interfaces, and the floating IPs whose connections
 * must be flushed (removed or pointed elsewhere).
 */
record FloatingChanges(Map<Ipv4Address, Ipv4Address> dnatRemoved, Map<Ipv4Address, Ipv4Address> snatRemoved,
                       Map<Ipv4Address, String> ingressRemoved, Set<String> chainsRemoved,
                       Map<String, List<IngressRule>> chainsWritten, List<FloatingEntry> added,
                       Set<InterfaceName> publicsAdded, Set<InterfaceName> publicsRemoved,
                       Map<InterfaceName, Set<Ipv4Address>> addressesAdded, Map<InterfaceName, Set<Ipv4Address>> addressesRemoved,
                       Set<Ipv4Address> flushed, AppliedFloating after) {

    /** What closes the gap from {@code held} to {@code plan}; {@link #after()} is what the node holds then. */
    static FloatingChanges between(AppliedFloating held, FloatingPlan plan) {
        Map<Ipv4Address, Ipv4Address> dnatRemoved = new LinkedHashMap<>();
        Map<Ipv4Address, Ipv4Address> snatRemoved = new LinkedHashMap<>();
        Map<Ipv4Address, String> ingressRemoved = new LinkedHashMap<>();
        List<FloatingEntry> added = new ArrayList<>();
        Set<Ipv4Address> flushed = new HashSet<>();
        held.dnat().forEach((fip, fixed) -> {
            FloatingEntry want = plan.entries().get(fip);
            if (want == null || !want.fixed().equals(fixed)) {
                dnatRemoved.put(fip, fixed);
                flushed.add(fip);
            }
        });
        Map<Ipv4Address, Ipv4Address> wantedSnat = new HashMap<>();
        Map<Ipv4Address, String> wantedIngress = new HashMap<>();
        plan.entries().values().forEach(e -> {
            wantedSnat.put(e.fixed(), e.floatingIp());
            wantedIngress.put(e.fixed(), FloatingPlan.chain(e.project()));
        });
        held.snat().forEach((fixed, fip) -> {
            if (!fip.equals(wantedSnat.get(fixed))) {
                snatRemoved.put(fixed, fip);
                flushed.add(fip);
            }
        });
        held.ingress().forEach((fixed, chain) -> {
            if (!chain.equals(wantedIngress.get(fixed))) {
                ingressRemoved.put(fixed, chain);
            }
        });
        for (FloatingEntry e : plan.entries().values()) {
            boolean whole = e.fixed().equals(held.dnat().get(e.floatingIp())) && e.floatingIp().equals(held.snat().get(e.fixed()))
                    && FloatingPlan.chain(e.project()).equals(held.ingress().get(e.fixed()));
            if (!whole) {
                added.add(e);
                // what is left of it is replaced
                if (held.dnat().containsKey(e.floatingIp())) {
                    dnatRemoved.put(e.floatingIp(), held.dnat().get(e.floatingIp()));
                }
                if (held.snat().containsKey(e.fixed())) {
                    snatRemoved.put(e.fixed(), held.snat().get(e.fixed()));
                }
                if (held.ingress().containsKey(e.fixed())) {
                    ingressRemoved.put(e.fixed(), held.ingress().get(e.fixed()));
                }
            }
        }
        Map<String, List<IngressRule>> chainsWritten = new LinkedHashMap<>();
        plan.chains().forEach((chain, rules) -> {
            if (!IngressChains.tag(rules).equals(held.chains().get(chain))) {
                chainsWritten.put(chain, rules);
            }
        });
        Set<String> chainsRemoved = new HashSet<>(held.chains().keySet());
        chainsRemoved.removeAll(plan.chains().keySet());
        Set<InterfaceName> publicsAdded = new HashSet<>(plan.publics());
        publicsAdded.removeAll(held.publics());
        Set<InterfaceName> publicsRemoved = new HashSet<>(held.publics());
        publicsRemoved.removeAll(plan.publics());
        Map<InterfaceName, Set<Ipv4Address>> addressesAdded = new HashMap<>();
        Map<InterfaceName, Set<Ipv4Address>> addressesRemoved = new HashMap<>();
        Map<InterfaceName, Set<Ipv4Address>> wanted = new HashMap<>();
        plan.entries().values().forEach(e -> wanted.computeIfAbsent(e.iface(), i -> new HashSet<>()).add(e.floatingIp()));
        wanted.forEach((iface, fips) -> fips.forEach(fip -> {
            if (!held.addresses().getOrDefault(iface, Set.of()).contains(fip)) {
                addressesAdded.computeIfAbsent(iface, i -> new HashSet<>()).add(fip);
            }
        }));
        held.addresses().forEach((iface, present) -> present.forEach(a -> {
            boolean floating = plan.inPools(a) || held.dnat().containsKey(a);
            if (floating && !wanted.getOrDefault(iface, Set.of()).contains(a)) {
                addressesRemoved.computeIfAbsent(iface, i -> new HashSet<>()).add(a);
            }
        }));
        return new FloatingChanges(dnatRemoved, snatRemoved, ingressRemoved, chainsRemoved, chainsWritten, added, publicsAdded,
                publicsRemoved, addressesAdded, addressesRemoved, flushed, projected(plan, held));
    }

    /** What the node holds once the changes are applied: the plan, plus addresses outside the pools it never touches. */
    private static AppliedFloating projected(FloatingPlan plan, AppliedFloating held) {
        Map<Ipv4Address, Ipv4Address> dnat = new HashMap<>();
        Map<Ipv4Address, Ipv4Address> snat = new HashMap<>();
        Map<Ipv4Address, String> ingress = new HashMap<>();
        Map<InterfaceName, Set<Ipv4Address>> addresses = new HashMap<>();
        held.addresses().forEach((iface, present) -> present.stream().filter(a -> !plan.inPools(a) && !held.dnat().containsKey(a))
                .forEach(a -> addresses.computeIfAbsent(iface, i -> new HashSet<>()).add(a)));
        for (FloatingEntry e : plan.entries().values()) {
            dnat.put(e.floatingIp(), e.fixed());
            snat.put(e.fixed(), e.floatingIp());
            ingress.put(e.fixed(), FloatingPlan.chain(e.project()));
            addresses.computeIfAbsent(e.iface(), i -> new HashSet<>()).add(e.floatingIp());
        }
        Map<String, String> chains = new HashMap<>();
        plan.chains().forEach((chain, rules) -> chains.put(chain, IngressChains.tag(rules)));
        return new AppliedFloating(true, dnat, snat, ingress, chains, plan.publics(), addresses);
    }

    /** Whether the node already holds the plan. */
    boolean none() {
        return dnatRemoved.isEmpty() && snatRemoved.isEmpty() && ingressRemoved.isEmpty() && chainsRemoved.isEmpty()
                && chainsWritten.isEmpty() && added.isEmpty() && publicsAdded.isEmpty() && publicsRemoved.isEmpty()
                && addressesAdded.isEmpty() && addressesRemoved.isEmpty();
    }

    /** One line per difference, for the self-check's log. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        added.forEach(e -> lines.add("association " + e.floatingIp() + " -> " + e.fixed() + " missing"));
        dnatRemoved.forEach((fip, fixed) -> lines.add("stale association " + fip + " -> " + fixed));
        snatRemoved.forEach((fixed, fip) -> lines.add("stale source NAT " + fixed + " -> " + fip));
        ingressRemoved.forEach((fixed, chain) -> lines.add("stale ingress " + fixed + " -> " + chain));
        chainsWritten.keySet().forEach(c -> lines.add("ingress chain " + c + " missing or different"));
        chainsRemoved.forEach(c -> lines.add("stale ingress chain " + c));
        publicsAdded.forEach(i -> lines.add("public interface " + i + " not in the table"));
        publicsRemoved.forEach(i -> lines.add("stale public interface " + i));
        addressesAdded.forEach((i, a) -> a.forEach(x -> lines.add(x + " missing on " + i)));
        addressesRemoved.forEach((i, a) -> a.forEach(x -> lines.add("stale " + x + " on " + i)));
        return lines;
    }
}
