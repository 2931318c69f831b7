/**
 * Watching one's containers: their logs (text, NDJSON, followed as Server-Sent Events) and resource stats (one
 * sample or a stream). Every endpoint takes only the caller's own containers, checked through the container module
 * before anything reaches the engine.
 */
@ApplicationModule(allowedDependencies = {"auth", "container", "limits", "runtime", "web"})
@NullMarked
package com.containermanager.monitoring;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
