package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.InvalidInputException;
import java.nio.file.Path;

/**
 * Where a pool's password is read from when xenvlan connects: a file or an environment variable.
 * The store keeps only this reference, never the password.
 */
public sealed interface PasswordSource {

    record File(Path path) implements PasswordSource {
        @Override
        public String describe() {
            return "file:" + path;
        }
    }

    record Environment(String variable) implements PasswordSource {
        /** @throws InvalidInputException for a name that is not an environment variable name */
        public Environment {
            if (variable == null || !variable.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
                throw new InvalidInputException("password_env", "name", "password_env: not an environment variable name");
            }
        }

        @Override
        public String describe() {
            return "env:" + variable;
        }
    }

    /** {@code file:/path} or {@code env:NAME}, as stored. */
    String describe();

    /** @throws InvalidInputException unless {@code file:...} or {@code env:...} */
    static PasswordSource parse(String text) {
        if (text.startsWith("file:") && text.length() > 5) {
            return new File(Path.of(text.substring(5)));
        }
        if (text.startsWith("env:")) {
            return new Environment(text.substring(4));
        }
        throw new InvalidInputException("password_source", "format", "password_source: expected file:PATH or env:NAME");
    }
}
