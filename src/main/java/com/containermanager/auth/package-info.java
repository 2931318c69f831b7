/** Tokens (issue and verify), the security configuration, the login throttle and the authenticated caller. */
@ApplicationModule(allowedDependencies = {"cluster", "limits", "platform", "web"})
@NullMarked
package com.containermanager.auth;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
