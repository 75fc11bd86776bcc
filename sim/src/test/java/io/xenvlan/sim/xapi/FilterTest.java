package io.xenvlan.sim.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.xenvlan.sim.XenApiFailure;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FilterTest {
    private static final Function<String, String> ROW = Map.of("a", "1", "b", "2", "name__label", "br100")::get;

    private static boolean eval(String expr) {
        return Filter.parse(expr).matches(ROW);
    }

    @Test
    void andOr_samePrecedence_leftAssociative() {
        // (true or true) and false = false; with "and binds tighter" it would be true
        assertThat(eval("true or true and false")).isFalse();
        assertThat(eval("false and true or true")).isTrue();
        assertThat(Filter.parse("true or false and true"))
                .isEqualTo(new Filter.And(new Filter.Or(new Filter.Const(true), new Filter.Const(false)), new Filter.Const(true)));
        assertThat(eval("true or (true and false)")).isTrue();
    }

    @Test
    void not_bindsTighterThanAndOr() {
        assertThat(eval("not false and false")).isFalse();
        assertThat(eval("not (false and false)")).isTrue();
        assertThat(eval("not not true")).isTrue();
    }

    @Test
    void fieldsAndLiterals_compareAsStrings() {
        assertThat(eval("field \"a\"=\"1\"")).isTrue();
        assertThat(eval("field \"a\" = \"01\"")).isFalse();
        assertThat(eval("\"1\"=field \"a\"")).isTrue();
        assertThat(eval("\"x\"=\"x\"")).isTrue();
        assertThat(eval("field \"name__label\"=\"br100\" and field \"b\"=\"2\"")).isTrue();
        assertThat(eval("field \"missing\"=\"\"")).isFalse();
        assertThat(Filter.parse("field \"a\"=\"1\" or not field \"b\"=\"2\"").fields()).containsExactly("a", "b");
    }

    @Test
    void parseErrors_areInvalidValueWithTheExpression() {
        for (String bad : new String[] {"", "   ", "field \"a\"", "field a=\"1\"", "field \"a\"!=\"1\"", "(true",
                "true)", "true and", "TRUE", "field \"a\"=\"1", "and true", "\"a\"", "true true"}) {
            XenApiFailure f = catchThrowableOfType(() -> Filter.parse(bad), XenApiFailure.class);
            assertThat(f).as(bad).isNotNull();
            assertThat(f.code()).isEqualTo("INVALID_VALUE");
            assertThat(f.params().get(0)).isEqualTo(bad);
        }
    }
}
