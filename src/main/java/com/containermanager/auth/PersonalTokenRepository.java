package com.containermanager.auth;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The personal_tokens table: one row per token, its secret only as a SHA-256. */
@Repository
class PersonalTokenRepository {

    static final String CHANGED_CHANNEL = "personal_token_revoked";
    private static final String COLUMNS = "id, user_id, name, scopes, created_at, expires_at, last_used_at";

    private final JdbcClient jdbc;

    PersonalTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A token's row, as authentication and the list see it. */
    record Row(
            long id,
            long userId,
            String name,
            Set<Scope> scopes,
            Instant createdAt,
            Instant expiresAt,
            @Nullable Instant lastUsedAt) {}

    long countUnexpired(long userId) {
        return jdbc.sql("select count(*) from personal_tokens where user_id = :user and expires_at > now()")
                .param("user", userId)
                .query(Long.class)
                .single();
    }

    Row insert(long userId, String name, byte[] secretHash, Set<Scope> scopes, Instant expiresAt) {
        long id = jdbc.sql("insert into personal_tokens (user_id, name, secret_hash, scopes, expires_at) "
                        + "values (:user, :name, :hash, cast(:scopes as text[]), :expires) returning id")
                .param("user", userId)
                .param("name", name)
                .param("hash", secretHash)
                .param(
                        "scopes",
                        "{" + String.join(",", scopes.stream().map(Scope::value).toList()) + "}")
                .param("expires", OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                .query(Long.class)
                .single();
        return jdbc.sql("select " + COLUMNS + " from personal_tokens where id = :id")
                .param("id", id)
                .query(PersonalTokenRepository::map)
                .single();
    }

    Optional<Row> findBySecretHash(byte[] secretHash) {
        return jdbc.sql("select " + COLUMNS + " from personal_tokens where secret_hash = :hash")
                .param("hash", secretHash)
                .query(PersonalTokenRepository::map)
                .optional();
    }

    List<Row> listByUser(long userId) {
        return jdbc.sql("select " + COLUMNS + " from personal_tokens where user_id = :user order by id")
                .param("user", userId)
                .query(PersonalTokenRepository::map)
                .list();
    }

    /** Deletes the token and tells every instance, when the transaction commits, to forget it. */
    boolean delete(long userId, long id) {
        int deleted = jdbc.sql("delete from personal_tokens where id = :id and user_id = :user")
                .param("id", id)
                .param("user", userId)
                .update();
        if (deleted > 0) {
            jdbc.sql("select pg_notify(:channel, :id)")
                    .param("channel", CHANGED_CHANNEL)
                    .param("id", Long.toString(id))
                    .query((rs, n) -> 1)
                    .single();
        }
        return deleted > 0;
    }

    void touch(long id, String relaxingCondition) {
        jdbc.sql("update personal_tokens set last_used_at = now() where id = :id and " + relaxingCondition)
                .param("id", id)
                .update();
    }

    private static Row map(ResultSet rs, int row) throws SQLException {
        Array scopes = rs.getArray("scopes");
        Set<Scope> parsed = EnumSet.noneOf(Scope.class);
        Arrays.stream((String[]) scopes.getArray())
                .forEach(value -> Scope.parse(value).ifPresent(parsed::add));
        OffsetDateTime lastUsed = rs.getObject("last_used_at", OffsetDateTime.class);
        return new Row(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getString("name"),
                parsed,
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                lastUsed == null ? null : lastUsed.toInstant());
    }
}
