/**
 * What instances of the service share beyond tables: one database session per instance that holds its advisory
 * locks (they end with the session, so with the instance), who is alive, and notifications between instances.
 */
@ApplicationModule(allowedDependencies = {"config"})
@NullMarked
package com.containermanager.cluster;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
