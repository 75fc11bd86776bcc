package io.xenvlan.netnode.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node's table as nftables lists it ({@code nft -j list table}): the elements of each set and
 * map, and the rule comments of each chain, in the same text {@link NftTable} renders them, so
 * the self-check compares what should be with what is without a command per rule.
 */
public record LiveTable(boolean exists, Map<String, Set<String>> elements, Map<String, Set<String>> ruleTags) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public LiveTable {
        elements = Map.copyOf(elements);
        ruleTags = Map.copyOf(ruleTags);
    }

    /** No such table. */
    public static LiveTable absent() {
        return new LiveTable(false, Map.of(), Map.of());
    }

    /** The set's (or map's) elements as rendered, or empty when the set is not there. */
    public Optional<Set<String>> elements(String set) {
        return Optional.ofNullable(elements.get(set));
    }

    /**
     * What is missing in this table compared with {@code wanted}: the table, a set, a chain, a
     * rule (by its tag); set elements are the parts' business ({@link #elements}).
     */
    public List<String> missingStructure(NftTable wanted) {
        if (!exists) {
            return List.of("table ip " + wanted.name() + " is missing");
        }
        List<String> missing = new ArrayList<>();
        wanted.sets().keySet().stream().sorted().filter(s -> !elements.containsKey(s))
                .forEach(s -> missing.add("set " + s + " of table ip " + wanted.name() + " is missing"));
        wanted.chains().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(chain -> {
            Set<String> tags = ruleTags.get(chain.name());
            if (tags == null) {
                missing.add("chain " + chain.name() + " of table ip " + wanted.name() + " is missing");
                return;
            }
            chain.rules().stream().filter(r -> !tags.contains(r.tag()))
                    .forEach(r -> missing.add("rule '" + r.tag() + "' of chain " + chain.name() + " is missing"));
        });
        return missing;
    }

    /** Parses {@code nft -j list table ip NAME}. */
    public static LiveTable parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("nft printed no JSON: " + e.getMessage(), e);
        }
        Map<String, Set<String>> elements = new HashMap<>();
        Map<String, Set<String>> tags = new HashMap<>();
        for (JsonNode item : root.path("nftables")) {
            JsonNode set = item.has("set") ? item.get("set") : item.get("map");
            if (set != null) {
                Set<String> elems = new HashSet<>();
                set.path("elem").forEach(e -> elems.add(element(e)));
                elements.put(set.path("name").asText(), elems);
            } else if (item.has("chain")) {
                tags.putIfAbsent(item.get("chain").path("name").asText(), new HashSet<>());
            } else if (item.has("rule")) {
                JsonNode rule = item.get("rule");
                tags.computeIfAbsent(rule.path("chain").asText(), c -> new HashSet<>()).add(rule.path("comment").asText(""));
            }
        }
        return new LiveTable(true, elements, tags);
    }

    /** One element in {@link NftTable}'s syntax: {@code "xvg1"}, {@code 10.0.0.0/24}, {@code 10.0.0.5}, {@code a : b}, {@code 10.0.0.5 . "xvg1"}. */
    private static String element(JsonNode e) {
        if (e.isArray() && e.size() == 2) {
            return element(e.get(0)) + " : " + element(e.get(1));
        }
        if (e.has("concat")) {
            List<String> parts = new ArrayList<>();
            e.get("concat").forEach(part -> parts.add(element(part)));
            return String.join(" . ", parts);
        }
        if (e.has("elem")) {
            return element(e.get("elem").path("val"));
        }
        if (e.has("prefix")) {
            JsonNode p = e.get("prefix");
            return p.path("addr").asText() + "/" + p.path("len").asInt();
        }
        String text = e.asText();
        return digitsAndDots(text) ? text : "\"" + text + "\"";
    }

    /** An address ({@code [0-9.]+}), written bare; checked by hand: a regular expression per element cost a pass at 1,000 networks 3,000 compilations. */
    private static boolean digitsAndDots(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
