/** The audit trail: who did what to which container or job, and how it ended; it listens to the other modules. */
@ApplicationModule(
        allowedDependencies = {"admin", "appproxy", "auth", "console", "container", "job", "platform", "user", "web"})
@NullMarked
package com.containermanager.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
