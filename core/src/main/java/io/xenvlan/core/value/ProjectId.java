package io.xenvlan.core.value;

import java.util.regex.Pattern;

/** A tenant (project) id: 1..64 characters of letters, digits, '_', '-' and '.'. */
public record ProjectId(String value) {
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    public ProjectId {
        Names.require("project", value, RULE, "project-id", "is not a project id (1-64 of A-Z a-z 0-9 _ . -)");
    }

    public static ProjectId of(String value) {
        return new ProjectId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
