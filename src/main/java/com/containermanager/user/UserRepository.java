package com.containermanager.user;

import com.containermanager.auth.AccountState;
import com.containermanager.auth.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    /** Every instance forgets what it knew of an account when this carries its id (see UserService). */
    static final String ACCOUNT_CHANNEL = "account_changed";

    private static final String COLUMNS = "id, username, password_hash, role, state";
    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the user; a DuplicateKeyException means the name (in any case) is taken. */
    long insert(String username, @Nullable String passwordHash, Role role) {
        return jdbc.sql("insert into users (username, password_hash, role) values (:username, :hash, :role) "
                        + "returning id")
                .param("username", username)
                .param("hash", passwordHash)
                .param("role", role.value())
                .query(Long.class)
                .single();
    }

    /** Inserts the user as a plain user; a DuplicateKeyException means the name (in any case) is taken. */
    long insert(String username, String passwordHash) {
        return insert(username, passwordHash, Role.USER);
    }

    Optional<User> findByUsername(String username) {
        return jdbc.sql("select " + COLUMNS + " from users where lower(username) = lower(:username)")
                .param("username", username)
                .query(UserRepository::map)
                .optional();
    }

    Set<Long> existing(Collection<Long> ids) {
        return Set.copyOf(jdbc.sql("select id from users where id in (:ids)")
                .param("ids", ids)
                .query(Long.class)
                .list());
    }

    Optional<User> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from users where id = :id")
                .param("id", id)
                .query(UserRepository::map)
                .optional();
    }

    boolean exists(long id) {
        return jdbc.sql("select exists (select 1 from users where id = :id)")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    void recordLogin(long id, String relaxingCondition) {
        jdbc.sql("update users set last_login_at = now() where id = :id and " + relaxingCondition)
                .param("id", id)
                .update();
    }

    /** Promotes the initial admin, if that account exists and is not one yet; whether it did. */
    boolean promote(String username) {
        int updated = jdbc.sql(
                        "update users set role = 'admin' where lower(username) = lower(:name) and role <> 'admin'")
                .param("name", username)
                .update();
        return updated > 0;
    }

    /** Tells every instance, when the transaction commits, that this account changed. */
    void announceChange(long id) {
        jdbc.sql("select pg_notify(:channel, :id)")
                .param("channel", ACCOUNT_CHANNEL)
                .param("id", Long.toString(id))
                .query((rs, n) -> 1)
                .single();
    }

    static User map(ResultSet rs, int row) throws SQLException {
        return new User(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("password_hash"),
                Role.parse(rs.getString("role")).orElse(Role.USER),
                AccountState.parse(rs.getString("state")).orElse(AccountState.SUSPENDED));
    }
}
