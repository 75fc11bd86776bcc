package io.xenvlan.server;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.ForbiddenException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.error.UnauthorizedException;
import io.xenvlan.core.error.XenvlanException;
import java.util.Map;

/**
 * The one place where xenvlan's error hierarchy becomes a CLI exit code, an HTTP status and the
 * JSON error body {@code {code, message, details}}. Anything outside the hierarchy is an internal
 * error whose text is not shown (it may hold secrets or internals).
 */
public final class ErrorMapping {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_INVALID_INPUT = 2;
    public static final int EXIT_NOT_FOUND = 3;
    public static final int EXIT_CONFLICT = 4;
    public static final int EXIT_EXHAUSTED = 5;
    public static final int EXIT_BACKEND = 6;
    public static final int EXIT_AUTH = 7;
    /** Not a failure: {@code xenvlan audit} ran and drift remains on a pool. */
    public static final int EXIT_DRIFT = 8;

    private ErrorMapping() {}

    /**
     * The category of a failure: the class for the core hierarchy, else the stable code of any other
     * {@link XenvlanException} (e.g. the XenAPI client's {@code backend_failure}).
     */
    private static String category(Throwable error) {
        if (error instanceof XenvlanException x && !(error instanceof InvalidInputException || error instanceof NotFoundException
                || error instanceof ConflictException || error instanceof ExhaustedException || error instanceof BackendFailureException
                || error instanceof UnauthorizedException || error instanceof ForbiddenException)) {
            return x.code();
        }
        return "";
    }

    /** The process exit code for a failure. */
    public static int exitCode(Throwable error) {
        switch (category(error)) {
            case "invalid_input": return EXIT_INVALID_INPUT;
            case "not_found": return EXIT_NOT_FOUND;
            case "conflict": return EXIT_CONFLICT;
            case "exhausted": return EXIT_EXHAUSTED;
            case "backend_failure": return EXIT_BACKEND;
            case "unauthorized", "forbidden": return EXIT_AUTH;
            default: break;
        }
        if (error instanceof InvalidInputException) {
            return EXIT_INVALID_INPUT;
        } else if (error instanceof NotFoundException) {
            return EXIT_NOT_FOUND;
        } else if (error instanceof ConflictException) {
            return EXIT_CONFLICT;
        } else if (error instanceof ExhaustedException) {
            return EXIT_EXHAUSTED;
        } else if (error instanceof BackendFailureException) {
            return EXIT_BACKEND;
        } else if (error instanceof UnauthorizedException || error instanceof ForbiddenException) {
            return EXIT_AUTH;
        }
        return EXIT_INTERNAL;
    }

    /** The HTTP status for a failure. */
    public static int httpStatus(Throwable error) {
        if (error instanceof InvalidInputException i && i.field().equals("body") && i.rule().equals(InvalidInputException.RULE_MAX_SIZE)) {
            return 413; // a request body over the limit: still invalid input (code invalid_input), with HTTP's precise status
        }
        if (error instanceof InvalidInputException i && i.rule().equals(InvalidInputException.RULE_MEDIA_TYPE)) {
            return 415; // a body that is not JSON, likewise
        }
        switch (category(error)) {
            case "invalid_input": return 400;
            case "unauthorized": return 401;
            case "forbidden": return 403;
            case "not_found": return 404;
            case "conflict": return 409;
            case "exhausted": return 422;
            case "backend_failure": return 502;
            default: break;
        }
        if (error instanceof InvalidInputException) {
            return 400;
        } else if (error instanceof UnauthorizedException) {
            return 401;
        } else if (error instanceof ForbiddenException) {
            return 403;
        } else if (error instanceof NotFoundException) {
            return 404;
        } else if (error instanceof ConflictException) {
            return 409;
        } else if (error instanceof ExhaustedException) {
            return 422;
        } else if (error instanceof BackendFailureException) {
            return 502;
        }
        return 500;
    }

    /** The JSON error body: {@code code}, {@code message}, {@code details}. */
    public static ErrorBody body(Throwable error) {
        if (error instanceof XenvlanException x) {
            return new ErrorBody(x.code(), x.getMessage(), x.details());
        }
        return new ErrorBody("internal", "internal error (a fault in xenvlan itself); the log has the details", Map.of());
    }

    /** The one-line message a user sees on the terminal. */
    public static String message(Throwable error) {
        return body(error).message();
    }
}
