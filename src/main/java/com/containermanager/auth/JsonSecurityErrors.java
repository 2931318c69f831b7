package com.containermanager.auth;

import com.containermanager.web.JsonErrorWriter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Security's own failures in the contract's body: 401 unauthorized (or the account's state), 403 permission denied
 * (or the scope the token lacks), 400 for firewall rejects.
 */
final class JsonSecurityErrors {

    private JsonSecurityErrors() {}

    static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            String message = e instanceof AccountUnusableException ? e.getMessage() : "unauthorized";
            JsonErrorWriter.write(response, HttpServletResponse.SC_UNAUTHORIZED, message);
        };
    }

    static AccessDeniedHandler permissionDenied() {
        return (request, response, e) -> {
            String message = e instanceof AuthorizationDeniedException denied
                            && denied.getAuthorizationResult() instanceof EndpointScopes.Refusal refusal
                    ? refusal.message()
                    : "permission denied";
            JsonErrorWriter.write(response, HttpServletResponse.SC_FORBIDDEN, message);
        };
    }

    static RequestRejectedHandler rejected() {
        return (request, response, e) ->
                JsonErrorWriter.write(response, HttpServletResponse.SC_BAD_REQUEST, "request rejected");
    }
}
