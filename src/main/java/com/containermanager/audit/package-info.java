/** The audit trail: who did what to which container or job, and how it ended; it listens to the other modules. */
@ApplicationModule(allowedDependencies = {"auth", "console", "container", "job", "platform", "web"})
@NullMarked
package com.containermanager.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
