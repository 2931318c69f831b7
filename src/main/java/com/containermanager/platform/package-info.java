/** What every module stands on: the DataSource (configured or embedded PostgreSQL), clock, commits, log format. */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.containermanager.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
