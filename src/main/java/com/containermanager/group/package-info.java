/**
 * Groups of users: membership (added by admins, or from an identity provider's group claim at each sign-in) and
 * budgets, which the members' usage counts against together, on top of each member's own limits. The modules that
 * enforce a limit enforce its budget too, under the group's lock ({@code GroupLock}).
 */
@ApplicationModule(allowedDependencies = {"limits", "platform", "web"})
@NullMarked
package com.containermanager.group;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
