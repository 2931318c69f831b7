package com.containermanager.user;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the user; a DuplicateKeyException means the name (in any case) is taken. */
    long insert(String username, String passwordHash) {
        return jdbc.sql("insert into users (username, password_hash) values (:username, :hash) returning id")
                .param("username", username)
                .param("hash", passwordHash)
                .query(Long.class)
                .single();
    }

    Optional<User> findByUsername(String username) {
        return jdbc.sql("select id, username, password_hash from users where lower(username) = lower(:username)")
                .param("username", username)
                .query(User.class)
                .optional();
    }

    Optional<User> findById(long id) {
        return jdbc.sql("select id, username, password_hash from users where id = :id")
                .param("id", id)
                .query(User.class)
                .optional();
    }

    boolean exists(long id) {
        return jdbc.sql("select exists (select 1 from users where id = :id)")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }
}
