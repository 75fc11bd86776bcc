package io.xenvlan.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.ForbiddenException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.error.UnauthorizedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {

    @Test
    void everyErrorKind_hasItsExitCodeAndStatus() {
        assertThat(map(InvalidInputException.of("vlan", "range"))).containsExactly(2, 400);
        assertThat(map(new NotFoundException("network", "x"))).containsExactly(3, 404);
        assertThat(map(new ConflictException("c", Map.of()))).containsExactly(4, 409);
        assertThat(map(new ExhaustedException("e", Map.of()))).containsExactly(5, 422);
        assertThat(map(new BackendFailureException("xenapi", "HOST_IS_SLAVE", List.of("10.0.0.1"), "m", null))).containsExactly(6, 502);
        assertThat(map(new UnauthorizedException("u"))).containsExactly(7, 401);
        assertThat(map(new ForbiddenException("f"))).containsExactly(7, 403);
        assertThat(map(new IllegalStateException("secret internals"))).containsExactly(1, 500);
    }

    @Test
    void body_codeMessageDetails() {
        assertThat(ErrorMapping.body(InvalidInputException.of("vlan", "range")))
                .isEqualTo(new ErrorBody("invalid_input", "vlan: range", Map.of("field", "vlan", "rule", "range")));
        assertThat(ErrorMapping.body(new BackendFailureException("xenapi", "HOST_IS_SLAVE", List.of("10.0.0.1"), "m", null)).details())
                .isEqualTo(Map.of("backend", "xenapi", "error_code", "HOST_IS_SLAVE", "error_params", List.of("10.0.0.1")));
    }

    @Test
    void body_internalError_hidesItsText() {
        assertThat(ErrorMapping.body(new IllegalStateException("password=hunter2")).message())
                .doesNotContain("hunter2").contains("internal error");
    }

    private static List<Integer> map(Throwable e) {
        return List.of(ErrorMapping.exitCode(e), ErrorMapping.httpStatus(e));
    }
}
