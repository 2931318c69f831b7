package com.containermanager.container;

import com.containermanager.cluster.ClusterNotifications;
import com.containermanager.cluster.ClusterSession;
import com.containermanager.platform.DatabaseSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which coordinator holds: with embedded PostgreSQL the service is the only instance (the database lives in its data
 * folder and ends with it), so coordinating in-process is enough and costs no round trip; a configured PostgreSQL
 * server may be shared by several instances, so there the coordinator holds across them. Two round trips of about a
 * millisecond each, per start or stop, are what the single instance saves.
 */
@Configuration(proxyBeanMethods = false)
class OperationCoordination {

    @Bean
    OperationCoordinator operationCoordinator(
            DatabaseSettings database,
            ClusterSession session,
            ClusterNotifications notifications,
            JdbcClient jdbc,
            LifecycleMetrics metrics) {
        return database.embedded()
                ? new InProcessOperationCoordinator(metrics)
                : new ClusterOperationCoordinator(session, notifications, jdbc, metrics);
    }
}
