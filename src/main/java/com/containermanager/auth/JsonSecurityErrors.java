package com.containermanager.auth;

import com.containermanager.web.JsonErrorWriter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** Security's own failures in the contract's body: 401 unauthorized, 403 permission denied, 400 for firewall rejects. */
final class JsonSecurityErrors {

    private JsonSecurityErrors() {}

    static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            JsonErrorWriter.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized");
        };
    }

    static AccessDeniedHandler permissionDenied() {
        return (request, response, e) ->
                JsonErrorWriter.write(response, HttpServletResponse.SC_FORBIDDEN, "permission denied");
    }

    static RequestRejectedHandler rejected() {
        return (request, response, e) ->
                JsonErrorWriter.write(response, HttpServletResponse.SC_BAD_REQUEST, "request rejected");
    }
}
