/** The audit trail: who did what to which container or job, and how it ended; it listens to the other modules. */
@ApplicationModule(allowedDependencies = {"auth", "config", "container", "job", "observe", "web"})
@NullMarked
package com.containermanager.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
