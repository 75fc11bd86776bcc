package io.xenvlan.netnode.plumbing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.firewall.NftListing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the node's own packets need on the OVS userspace datapath: a packet the node sends on a leg
 * (dnsmasq's DHCP replies) leaves the veth with a partial checksum, which the datapath forwards as
 * is and DHCP clients drop. One rule fills the checksum in for every leg ({@code -o <prefix>g+},
 * iptables' {@code CHECKSUM} target, which nftables does not have), instead of an {@code ethtool}
 * process per leg turning its checksum offload off: a thousand processes at a cold start. It
 * covers packets of one segment (DHCP, DNS, short TCP answers); a service of the node that sends
 * large TCP segments on the legs needs their segmentation offload off as well.
 *
 * <p>The self-check reads the rule from nftables' listing of the chain through a kept {@code nft}
 * ({@link NftListing}) instead of an {@code iptables -C} process per pass, when the rule shows there:
 * with iptables' nf_tables backend (Debian's) it is a rule of table {@code ip mangle}. Whether it
 * does is learnt each time {@link #ensure} has made sure the rule is in place (with the legacy
 * backend it never shows, and {@code iptables -C} stays the check).
 */
final class ChecksumFill {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final List<String> rule;
    private final String legPrefix;
    private final NftListing listing;
    private volatile boolean shownByNft; // the rule, in place, showed in nftables' listing after the last ensure

    ChecksumFill(CommandRunner runner, Optional<NamespaceName> netns, String legPrefix) {
        this.runner = runner;
        this.netns = netns;
        this.legPrefix = legPrefix;
        this.rule = List.of("POSTROUTING", "-o", legPrefix + "+", "-j", "CHECKSUM", "--checksum-fill");
        this.listing = new NftListing(runner, netns);
    }

    /** Adds the rule unless it is there (idempotent); then learns whether nftables' listing shows it. */
    void ensure() {
        if (!runner.run(iptables("-C", true)).ok()) {
            runner.check(iptables("-A", false));
        }
        shownByNft = runner.executes() && listed().orElse(false);
    }

    /** Whether the rule is in place (a query): from nftables' listing when it shows the rule, else {@code iptables -C}. */
    boolean present() {
        if (shownByNft) {
            Optional<Boolean> listed = listed();
            if (listed.isPresent()) {
                return listed.get();
            }
        }
        return runner.run(iptables("-C", true)).ok();
    }

    /** Whether nftables lists the rule in {@code ip mangle}'s POSTROUTING (false without the chain); empty when its answer is no JSON. */
    private Optional<Boolean> listed() {
        Optional<String> chain = listing.list("chain ip mangle POSTROUTING");
        if (chain.isEmpty()) {
            return Optional.of(false);
        }
        try {
            return Optional.of(listed(JSON.readTree(chain.get()), legPrefix));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code chain} (nft's JSON) holds the rule exactly: output interface {@code <prefix>*},
     * iptables' counter, target CHECKSUM (its one option is {@code --checksum-fill}, which iptables
     * requires), nothing else.
     */
    static boolean listed(JsonNode chain, String legPrefix) {
        for (JsonNode item : chain.path("nftables")) {
            JsonNode expr = item.path("rule").path("expr");
            List<JsonNode> parts = new ArrayList<>();
            expr.forEach(e -> {
                if (!e.has("counter")) {
                    parts.add(e);
                }
            });
            if (parts.size() == 2
                    && parts.get(0).path("match").path("op").asText().equals("==")
                    && parts.get(0).path("match").path("left").path("meta").path("key").asText().equals("oifname")
                    && parts.get(0).path("match").path("right").asText().equals(legPrefix + "*")
                    && parts.get(1).path("xt").path("type").asText().equals("target")
                    && parts.get(1).path("xt").path("name").asText().equals("CHECKSUM")) {
                return true;
            }
        }
        return false;
    }

    /** Ends the {@code nft} kept for the check. */
    void close() {
        listing.close();
    }

    private Command iptables(String op, boolean query) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "10", "-t", "mangle", op));
        argv.addAll(rule);
        return new Command(argv, query).in(netns);
    }

    /** The rule as an operator reads it. */
    String describe() {
        return "iptables -t mangle " + String.join(" ", rule).replaceFirst("^POSTROUTING", "-A POSTROUTING");
    }
}
