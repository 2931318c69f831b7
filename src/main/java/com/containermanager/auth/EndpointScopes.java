package com.containermanager.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Which scope each endpoint needs, by its first path segment and whether the method reads or writes, and the check
 * of every authenticated request against it. One table for every endpoint (a unit test walks the OpenAPI document
 * against it), so a new endpoint under an existing resource is covered without a line here. Paths it does not know
 * take a login token: a personal token is never let through by omission.
 */
final class EndpointScopes implements AuthorizationManager<RequestAuthorizationContext> {

    /** What a request needs: a scope, only an authenticated caller (none), or a login token. */
    sealed interface Requirement {}

    record NeedsScope(Scope scope, boolean adminOnly) implements Requirement {}

    record NeedsNothing() implements Requirement {}

    record NeedsLoginToken() implements Requirement {}

    /** A refusal that says why, for the access-denied handler. */
    record Refusal(String message) implements AuthorizationResult {
        @Override
        public boolean isGranted() {
            return false;
        }
    }

    static Requirement required(String method, String path) {
        boolean reads = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        String[] segments = path.split("/", 4);
        String first = segments.length > 1 ? segments[1] : "";
        return switch (first) {
            // The feed, the audit trail and profiles describe the caller's containers and their work.
            case "containers", "events", "audit", "profiles" ->
                new NeedsScope(reads ? Scope.CONTAINERS_READ : Scope.CONTAINERS_WRITE, false);
            case "files" -> new NeedsScope(reads ? Scope.FILES_READ : Scope.FILES_WRITE, false);
            case "jobs" -> new NeedsScope(Scope.JOBS_READ, false);
            case "volumes" -> new NeedsScope(reads ? Scope.VOLUMES_READ : Scope.VOLUMES_WRITE, false);
            case "admin" -> new NeedsScope(Scope.ADMIN, true);
            case "users" -> users(segments);
            default -> new NeedsLoginToken();
        };
    }

    /** /users/me is for any token; tokens are managed with a login token, so a leaked token cannot make more. */
    private static Requirement users(String[] segments) {
        if (segments.length == 3 && segments[2].equals("me")) {
            return new NeedsNothing();
        }
        return new NeedsLoginToken();
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        if (!(authentication.get() instanceof UserAuthentication user)) {
            return new AuthorizationDecision(false);
        }
        HttpServletRequest request = context.getRequest();
        String refusal = refusal(user.getPrincipal(), required(request.getMethod(), request.getRequestURI()));
        return refusal == null ? new AuthorizationDecision(true) : new Refusal(refusal);
    }

    /** Null when the caller may go ahead; otherwise the 403's message. */
    static @Nullable String refusal(AuthenticatedUser caller, Requirement requirement) {
        return switch (requirement) {
            case NeedsNothing nothing -> null;
            case NeedsLoginToken login ->
                caller.personalTokenId() == null ? null : "a login token is required, not a personal token";
            case NeedsScope needs when needs.adminOnly() && !caller.isAdmin() -> "permission denied";
            case NeedsScope needs ->
                caller.has(needs.scope())
                        ? null
                        : "missing scope: " + needs.scope().value();
        };
    }
}
