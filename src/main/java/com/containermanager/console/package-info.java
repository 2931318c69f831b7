/**
 * Seeing and working inside one's containers: logs (text, NDJSON, followed as Server-Sent Events), resource stats,
 * commands run to completion (exec), and the interactive console (a WebSocket on a TTY exec). Every endpoint takes
 * only the caller's own containers, checked through the container module before anything reaches the engine.
 */
@ApplicationModule(allowedDependencies = {"auth", "container", "runtime", "web"})
@NullMarked
package com.containermanager.console;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
