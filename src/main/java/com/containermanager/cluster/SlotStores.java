package com.containermanager.cluster;

import com.containermanager.limits.LocalSlotStore;
import com.containermanager.limits.SlotStore;
import com.containermanager.platform.DatabaseSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where per-user stream slots are counted: with embedded PostgreSQL the service is the only instance, so in this
 * process (no round trip per stream); with a PostgreSQL server, which several instances may share, in its advisory
 * locks, so that a user's limit holds across all of them.
 */
@Configuration(proxyBeanMethods = false)
class SlotStores {

    @Bean
    SlotStore slotStore(DatabaseSettings database, ClusterSession session) {
        return database.embedded() ? new LocalSlotStore() : new AdvisoryLockSlotStore(session);
    }
}
