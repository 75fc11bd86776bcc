package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The expression language of {@code get_all_records_where}, as xapi's db_filter parser defines
 * it: {@code field "col"="literal"}, {@code "a"="b"}, {@code and}, {@code or}, {@code not},
 * {@code true}, {@code false} and parentheses. {@code and} and {@code or} have the SAME
 * precedence and associate to the left ({@code a or b and c} is {@code (a or b) and c});
 * {@code not} binds tighter. String literals have no escapes. Values compare as strings.
 */
sealed interface Filter {

    /** Evaluates against a row; {@code column} gives a column's database string, or null. */
    boolean matches(Function<String, String> column);

    /** The field (column) names the expression reads. */
    default java.util.Set<String> fields() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        collect(this, out);
        return out;
    }

    private static void collect(Filter f, java.util.Set<String> out) {
        if (f instanceof Not n) {
            collect(n.inner(), out);
        } else if (f instanceof And a) {
            collect(a.left(), out);
            collect(a.right(), out);
        } else if (f instanceof Or o) {
            collect(o.left(), out);
            collect(o.right(), out);
        } else if (f instanceof Eq e) {
            for (Value v : List.of(e.left(), e.right())) {
                if (v.isField()) {
                    out.add(v.text());
                }
            }
        }
    }

    static Filter parse(String text) {
        return new Parser(text).parseAll();
    }

    record Const(boolean value) implements Filter {
        public boolean matches(Function<String, String> column) {
            return value;
        }
    }

    record Not(Filter inner) implements Filter {
        public boolean matches(Function<String, String> column) {
            return !inner.matches(column);
        }
    }

    record And(Filter left, Filter right) implements Filter {
        public boolean matches(Function<String, String> column) {
            return left.matches(column) && right.matches(column);
        }
    }

    record Or(Filter left, Filter right) implements Filter {
        public boolean matches(Function<String, String> column) {
            return left.matches(column) || right.matches(column);
        }
    }

    record Eq(Value left, Value right) implements Filter {
        public boolean matches(Function<String, String> column) {
            String l = left.resolve(column);
            String r = right.resolve(column);
            return l != null && l.equals(r);
        }
    }

    /** {@code field "name"} (isField) or a literal {@code "text"}. */
    record Value(boolean isField, String text) {
        String resolve(Function<String, String> column) {
            return isField ? column.apply(text) : text;
        }
    }

    /** Recursive descent over the tokens; errors are INVALID_VALUE [expr; reason]. */
    final class Parser {
        private final String text;
        private final List<String> tokens = new ArrayList<>();
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Filter parseAll() {
            tokenize();
            Filter f = expr();
            if (pos != tokens.size()) {
                throw error("unexpected '" + tokens.get(pos) + "'");
            }
            return f;
        }

        private Filter expr() {
            Filter left = unary();
            while (peek("and") || peek("or")) {
                boolean and = next().equals("and");
                Filter right = unary();
                left = and ? new And(left, right) : new Or(left, right);
            }
            return left;
        }

        private Filter unary() {
            if (peek("not")) {
                next();
                return new Not(unary());
            }
            if (peek("true") || peek("false")) {
                return new Const(next().equals("true"));
            }
            if (peek("(")) {
                next();
                Filter inner = expr();
                expect(")");
                return inner;
            }
            Value left = value();
            expect("=");
            return new Eq(left, value());
        }

        private Value value() {
            boolean field = peek("field");
            if (field) {
                next();
            }
            if (pos >= tokens.size() || !tokens.get(pos).startsWith("\"")) {
                throw error("expected a string" + (pos < tokens.size() ? " at '" + tokens.get(pos) + "'" : " at end"));
            }
            String quoted = next();
            return new Value(field, quoted.substring(1, quoted.length() - 1));
        }

        private boolean peek(String token) {
            return pos < tokens.size() && tokens.get(pos).equals(token);
        }

        private String next() {
            return tokens.get(pos++);
        }

        private void expect(String token) {
            if (!peek(token)) {
                throw error("expected '" + token + "'" + (pos < tokens.size() ? " at '" + tokens.get(pos) + "'" : " at end"));
            }
            next();
        }

        private void tokenize() {
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '(' || c == ')' || c == '=') {
                    tokens.add(String.valueOf(c));
                    i++;
                } else if (c == '"') {
                    int end = text.indexOf('"', i + 1);
                    if (end < 0) {
                        throw error("unterminated string");
                    }
                    tokens.add(text.substring(i, end + 1));
                    i = end + 1;
                } else if (Character.isLetter(c)) {
                    int end = i;
                    while (end < text.length() && Character.isLetter(text.charAt(end))) {
                        end++;
                    }
                    String word = text.substring(i, end);
                    if (!List.of("field", "and", "or", "not", "true", "false").contains(word)) {
                        throw error("unknown keyword '" + word + "'");
                    }
                    tokens.add(word);
                    i = end;
                } else {
                    throw error("unexpected character '" + c + "'");
                }
            }
            if (tokens.isEmpty()) {
                throw error("empty expression");
            }
        }

        private XenApiFailure error(String reason) {
            return XenApiFailure.of("INVALID_VALUE", text, reason);
        }
    }
}
