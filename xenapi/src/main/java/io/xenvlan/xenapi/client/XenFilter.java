package io.xenvlan.xenapi.client;

import io.xenvlan.core.error.InvalidInputException;

/**
 * Builds expressions for {@code get_all_records_where}. The pool's grammar has no escapes inside
 * a quoted literal, and {@code and}/{@code or} share one precedence, so every operand is
 * parenthesised and a value containing a double quote is refused instead of sent.
 */
public final class XenFilter {
    private XenFilter() {
    }

    /**
     * {@code field "<field>"="<value>"}; the field is the database column name (namespaces joined
     * with a double underscore: {@code name__label}).
     *
     * @throws InvalidInputException for a field that is not a column name or a value with a double quote
     */
    public static String eq(String field, String value) {
        if (!field.matches("[A-Za-z0-9_]+")) {
            throw new InvalidInputException("filter.field", "column_name", "filter.field: not a column name: " + field);
        }
        if (value.indexOf('"') >= 0) {
            throw new InvalidInputException("filter.value", "no_double_quote",
                    "filter.value: the XenAPI filter grammar cannot express a double quote in " + value);
        }
        return "field \"" + field + "\"=\"" + value + "\"";
    }

    public static String and(String left, String right) {
        return "(" + left + ") and (" + right + ")";
    }

    static String or(String left, String right) {
        return "(" + left + ") or (" + right + ")";
    }

    static String not(String expression) {
        return "not (" + expression + ")";
    }
}
