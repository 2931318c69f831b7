/**
 * A container's web apps: each port of a running container on an origin of its own
 * ({@code {port}-{name}-{user}-{id}.{proxy.domain}}), the proxy that forwards to it (HTTP/1.1 streamed both ways,
 * WebSocket tunnelled), who may open it (a port's access level), the single-use tickets and the session cookies of
 * those origins, and share links. Requests for an app's host are served here, before the API's security, and never
 * reach the API or the dashboard.
 */
@ApplicationModule(allowedDependencies = {"auth", "container", "limits", "runtime", "web"})
@NullMarked
package com.containermanager.appproxy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
