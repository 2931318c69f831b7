/**
 * What every module stands on: the DataSource (configured or embedded PostgreSQL), relaxed commits, retention,
 * supervised background loops and their backoff, clock, log format, the installation's id and start-up refusals.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.containermanager.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
