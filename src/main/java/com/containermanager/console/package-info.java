/**
 * Working inside one's containers: commands run to completion (exec) and the interactive console (a WebSocket on a
 * TTY exec, opened with a ticket), and ending the processes they started. Every endpoint takes only the caller's own
 * containers, checked through the container module before anything reaches the engine.
 */
@ApplicationModule(allowedDependencies = {"auth", "container", "limits", "runtime", "web"})
@NullMarked
package com.containermanager.console;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
