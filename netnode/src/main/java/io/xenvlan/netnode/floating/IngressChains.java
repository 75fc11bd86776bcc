package io.xenvlan.netnode.floating;

import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.value.ProjectId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A project's ingress chain: what comes in through its floating IPs. By default only what belongs
 * to connections already there (replies to what its VMs opened, and the rest of a connection a
 * rule let in) and ICMP echo; then one accept per rule; then drop. The last rule's comment carries
 * a digest of the rules, so the self-check sees a chain that differs without parsing it.
 */
final class IngressChains {
    private IngressChains() {}

    /** {@code p_} and 16 hex digits of the project id's SHA-256: a valid nft name whatever the id. */
    static String chainName(ProjectId project) {
        return "p_" + HexFormat.of().formatHex(sha256(project.value())).substring(0, 16);
    }

    /** The rule bodies of the project's chain, each on one line, built from validated values only. */
    static List<String> rules(List<IngressRule> rules) {
        List<String> out = new ArrayList<>();
        out.add("ct state established,related accept");
        out.add("icmp type echo-request accept");
        for (IngressRule r : rules) {
            StringBuilder b = new StringBuilder();
            if (r.from().prefix() > 0) {
                b.append("ip saddr ").append(r.from()).append(' ');
            }
            if (r.ports().isPresent()) {
                b.append(r.protocol().wireName()).append(" dport ").append(r.ports().get());
            } else {
                b.append("meta l4proto ").append(r.protocol().wireName());
            }
            out.add(b.append(" accept").toString());
        }
        out.add("drop comment \"" + tag(rules) + "\"");
        return out;
    }

    /** The digest the chain's last rule carries: {@code rules:} and 16 hex digits. */
    static String tag(List<IngressRule> rules) {
        String rendered = String.join("\n", rules.stream().map(r -> r.protocol().wireName() + " " + r.ports().map(Object::toString).orElse("*")
                + " " + r.from()).toList());
        return "rules:" + HexFormat.of().formatHex(sha256(rendered)).substring(0, 16);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
