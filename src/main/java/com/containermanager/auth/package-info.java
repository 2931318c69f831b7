/** Tokens (issue and verify), the security configuration, the login throttle and the authenticated caller. */
@ApplicationModule(allowedDependencies = {"platform", "web"})
@NullMarked
package com.containermanager.auth;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
