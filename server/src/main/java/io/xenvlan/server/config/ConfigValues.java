package io.xenvlan.server.config;

import io.xenvlan.core.error.InvalidInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw settings after layering (defaults, file, environment, command line), with typed
 * getters whose errors name the setting and where its value came from.
 */
final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private final Map<String, String> values;
    private final Map<String, String> sources;

    ConfigValues(Map<String, String> values, Map<String, String> sources) {
        this.values = new LinkedHashMap<>(values);
        this.sources = new LinkedHashMap<>(sources);
    }

    Optional<String> optional(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    String string(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    int integer(String key, int fallback, int min, int max) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw invalid(key, "range", "must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, "integer", "must be a whole number, got '" + clip(v.get()) + "'");
        }
    }

    boolean bool(String key, boolean fallback) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(key, "boolean", "must be true or false, got '" + clip(v.get()) + "'");
        };
    }

    /** A duration written {@code 500ms}, {@code 10s}, {@code 5m} or {@code 1h}. */
    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.get());
        if (!m.matches()) {
            throw invalid(key, "duration", "must be a duration such as 500ms, 10s, 5m or 1h, got '" + clip(v.get()) + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(key, "range", "must be between " + min + " and " + max + ", got " + d);
        }
        return d;
    }

    /** The settings under {@code prefix.} with the prefix cut off. */
    Map<String, String> group(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix + ".") && v != null && !v.isBlank()) {
                out.put(k.substring(prefix.length() + 1), v.trim());
            }
        });
        return out;
    }

    InvalidInputException invalid(String key, String rule, String what) {
        String source = sources.getOrDefault(key, "default");
        return new InvalidInputException(key, rule, key + ": " + what + " (from " + source + ")");
    }

    static String clip(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
