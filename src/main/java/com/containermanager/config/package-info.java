/** What every module stands on: the DataSource (configured or embedded PostgreSQL), clock, commits, log format. */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.containermanager.config;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
