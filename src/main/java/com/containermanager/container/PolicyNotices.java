package com.containermanager.container;

import com.containermanager.cluster.ClusterNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Carries {@link ContainerPolicyNotice}s to every instance: sent with NOTIFY, and published as an application event
 * on each instance (this one included) when it arrives. A notice lost while an instance's listening connection was
 * down is not sent again: the container's own feed events (stopped, removed) still say what happened.
 */
@Component
class PolicyNotices {

    static final String CHANNEL = "cm_container_policy";
    private static final Logger log = LoggerFactory.getLogger(PolicyNotices.class);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    PolicyNotices(JdbcClient jdbc, ClusterNotifications notifications, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        notifications.subscribe(CHANNEL, this::received);
    }

    void send(ContainerPolicyNotice notice) {
        jdbc.sql("select pg_notify(:channel, :payload)")
                .param("channel", CHANNEL)
                .param("payload", notice.encode())
                .query((rs, n) -> 1)
                .list();
    }

    private void received(String payload) {
        try {
            events.publishEvent(ContainerPolicyNotice.decode(payload));
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a malformed policy notice");
        }
    }
}
