package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every endpoint of the OpenAPI document has its scope: none falls through to "a login token only" by accident. */
class EndpointScopesTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /** Managed with a login token only, on purpose: a leaked token must not make more. */
    private static final Set<String> LOGIN_TOKEN_ONLY = Set.of("/users/me/tokens", "/users/me/tokens/{id}");

    @Test
    void everyTokenEndpointOfTheDocumentNeedsAScopeOrNothing() throws Exception {
        JsonNode document = JsonMapper.builder().build().readTree(Files.readString(Path.of("docs", "openapi.json")));
        List<String> unscoped = new ArrayList<>();
        int checked = 0;
        for (String path : document.get("paths").propertyNames()) {
            JsonNode operations = document.get("paths").get(path);
            for (String method : operations.propertyNames()) {
                if (!METHODS.contains(method) || anonymous(operations.get(method))) {
                    continue;
                }
                checked++;
                var requirement = EndpointScopes.required(method.toUpperCase(), path.replaceAll("\\{[^}]+}", "x"));
                if (requirement instanceof EndpointScopes.NeedsLoginToken && !LOGIN_TOKEN_ONLY.contains(path)) {
                    unscoped.add(method + " " + path);
                }
            }
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(unscoped).isEmpty();
    }

    @Test
    void readsAndWritesNeedTheirOwnScopes() {
        assertThat(EndpointScopes.required("GET", "/containers/abc/logs"))
                .isEqualTo(new EndpointScopes.NeedsScope(Scope.CONTAINERS_READ, false));
        assertThat(EndpointScopes.required("POST", "/containers/abc/exec"))
                .isEqualTo(new EndpointScopes.NeedsScope(Scope.CONTAINERS_WRITE, false));
        assertThat(EndpointScopes.required("DELETE", "/files/a.txt"))
                .isEqualTo(new EndpointScopes.NeedsScope(Scope.FILES_WRITE, false));
        assertThat(EndpointScopes.required("GET", "/admin/users"))
                .isEqualTo(new EndpointScopes.NeedsScope(Scope.ADMIN, true));
        assertThat(EndpointScopes.required("GET", "/users/me")).isInstanceOf(EndpointScopes.NeedsNothing.class);
        assertThat(EndpointScopes.required("GET", "/unknown")).isInstanceOf(EndpointScopes.NeedsLoginToken.class);
    }

    @Test
    void aTokenWithoutTheScopeIsToldWhichOneIsMissing() {
        var reader = new AuthenticatedUser(1, Role.USER, Set.of(Scope.CONTAINERS_READ), 5L);
        assertThat(EndpointScopes.refusal(reader, EndpointScopes.required("POST", "/containers")))
                .isEqualTo("missing scope: containers:write");
        assertThat(EndpointScopes.refusal(reader, EndpointScopes.required("GET", "/containers")))
                .isNull();
        assertThat(EndpointScopes.refusal(reader, EndpointScopes.required("GET", "/admin/users")))
                .isEqualTo("permission denied");
        var admin = new AuthenticatedUser(2, Role.ADMIN, Set.of(Scope.CONTAINERS_READ), 6L);
        assertThat(EndpointScopes.refusal(admin, EndpointScopes.required("GET", "/admin/users")))
                .isEqualTo("missing scope: admin");
        assertThat(EndpointScopes.refusal(new AuthenticatedUser(2), EndpointScopes.required("GET", "/users/me/tokens")))
                .isNull();
    }

    private static boolean anonymous(JsonNode operation) {
        JsonNode security = operation.get("security");
        return security != null && security.isArray() && security.isEmpty();
    }
}
