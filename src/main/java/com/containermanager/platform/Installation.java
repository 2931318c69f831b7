package com.containermanager.platform;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** This installation's id: one per database, shared by every instance on it (see the migration V5). */
@Component
public class Installation {

    private final UUID id;

    Installation(JdbcClient jdbc) {
        this.id = jdbc.sql("select id from installation").query(UUID.class).single();
    }

    public UUID id() {
        return id;
    }
}
