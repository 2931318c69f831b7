/**
 * Per-user limits: the settings, the refusals (403 over a count, 429 over a rate or over slots), the per-user
 * serialisation in PostgreSQL that makes a count hold under concurrency and across instances, the per-user slots of
 * things open at once ({@code UserSlots}, counted by a {@code SlotStore}), and {@code UsageSource}, through which the
 * modules that own a limit report a user's usage for {@code GET /users/me}. Each module enforces its own limits.
 */
@ApplicationModule(allowedDependencies = {"platform", "web"})
@NullMarked
package com.containermanager.limits;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
