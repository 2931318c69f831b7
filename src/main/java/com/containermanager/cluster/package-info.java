/**
 * What instances of the service share beyond tables: one database session per instance that holds its advisory
 * locks (they end with the session, so with the instance), who is alive, notifications between instances, and the
 * per-user slots held as such locks ({@link com.containermanager.cluster.AdvisoryLockSlotStore}, the {@code
 * limits.SlotStore} when PostgreSQL is a server).
 */
@ApplicationModule(allowedDependencies = {"limits", "platform"})
@NullMarked
package com.containermanager.cluster;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
