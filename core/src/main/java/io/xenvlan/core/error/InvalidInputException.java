package io.xenvlan.core.error;

import java.util.Map;

/** Input that breaks a rule; names the field and the rule. Maps to HTTP 400 / exit 2. */
public final class InvalidInputException extends XenvlanException {
    /** The rule of a value larger than allowed; on the field {@code body} it maps to HTTP 413 rather than 400. */
    public static final String RULE_MAX_SIZE = "max-size";
    /** The rule of a request body that is not JSON; it maps to HTTP 415 rather than 400. */
    public static final String RULE_MEDIA_TYPE = "media-type";

    private final String field;
    private final String rule;

    public InvalidInputException(String field, String rule, String message) {
        super(message, Map.of("field", field, "rule", rule), null);
        this.field = field;
        this.rule = rule;
    }

    /** With further details beside field and rule (e.g. what to do about it). */
    public InvalidInputException(String field, String rule, String message, Map<String, ?> more) {
        super(message, merged(field, rule, more), null);
        this.field = field;
        this.rule = rule;
    }

    private static Map<String, Object> merged(String field, String rule, Map<String, ?> more) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("field", field);
        details.put("rule", rule);
        more.forEach((k, v) -> {
            if (!k.equals("field") && !k.equals("rule")) {
                details.put(k, v);
            }
        });
        return details;
    }

    /** Shorthand: message is "{@code field}: {@code rule}". */
    public static InvalidInputException of(String field, String rule) {
        return new InvalidInputException(field, rule, field + ": " + rule);
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }

    @Override
    public String code() {
        return "invalid_input";
    }
}
