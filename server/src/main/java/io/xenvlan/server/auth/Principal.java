package io.xenvlan.server.auth;

import io.xenvlan.core.error.ForbiddenException;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.ProjectId;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: an admin, or a project whose token sees and changes only that project's
 * networks, addresses and VIFs. The rule for what lies outside a project's scope: always 403
 * {@code forbidden}, whether or not the thing exists, so a project token learns nothing about
 * other projects.
 *
 * @param tokenId the token's id (safe to log; the token itself never is)
 * @param project empty for an admin
 */
public record Principal(long tokenId, Optional<ProjectId> project) {
    public Principal {
        Objects.requireNonNull(project, "project");
    }

    static Principal admin(long tokenId) {
        return new Principal(tokenId, Optional.empty());
    }

    static Principal project(long tokenId, ProjectId project) {
        return new Principal(tokenId, Optional.of(project));
    }

    public boolean isAdmin() {
        return project.isEmpty();
    }

    /** @throws ForbiddenException unless this is an admin */
    public void requireAdmin() {
        if (!isAdmin()) {
            throw new ForbiddenException("this needs an admin token");
        }
    }

    /** @throws ForbiddenException when a project token names another project */
    public void requireProject(ProjectId requested) {
        if (project.isPresent() && !project.get().equals(requested)) {
            throw outOfScope();
        }
    }

    /** Whether the network lies in this caller's scope (admins see everything). */
    public boolean sees(Network network) {
        return project.isEmpty() || network.project().equals(project);
    }

    /** The 403 for anything outside a project's scope, existing or not. */
    public static ForbiddenException outOfScope() {
        return new ForbiddenException("not in this token's project");
    }

    /** For logs: {@code admin#3} or {@code project:p1#7}. */
    public String describe() {
        return project.map(p -> "project:" + p.value()).orElse("admin") + "#" + tokenId;
    }
}
