/**
 * The web dashboard: one HTML shell and static ES modules (under {@code static/assets}), served from the jar. It
 * talks to the public JSON, SSE and WebSocket API only, like any other client; this package only serves the shell
 * for the client-side routes under {@code /ui/} with a strict Content-Security-Policy.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.containermanager.dashboard;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
