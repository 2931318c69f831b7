/**
 * Registration (open or closed, throttled per client address), login, credential rules, the users table, the
 * caller's usage of their limits ({@code GET /users/me}), and the operator's command that creates a user.
 */
@ApplicationModule(allowedDependencies = {"auth", "limits", "platform", "web"})
@NullMarked
package com.containermanager.user;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
