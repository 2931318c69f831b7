/**
 * What instances of the service share beyond tables: one database session per instance that holds its advisory
 * locks (they end with the session, so with the instance), who is alive, notifications between instances, and the
 * per-user stream slots held as such locks ({@link com.containermanager.cluster.AdvisoryLockSlotStore}).
 */
@ApplicationModule(allowedDependencies = {"config", "web"})
@NullMarked
package com.containermanager.cluster;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
