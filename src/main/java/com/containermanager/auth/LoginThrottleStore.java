package com.containermanager.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The login throttle's rows in PostgreSQL; its time is PostgreSQL's, the one clock all instances share. */
@Repository
class LoginThrottleStore {

    private final JdbcClient jdbc;

    LoginThrottleStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The keys' states, locked until the transaction ends (rows are created as needed), and the time now. */
    Locked lock(List<String> keys) {
        String rows =
                IntStream.range(0, keys.size()).mapToObj(i -> "(:k" + i + ")").collect(Collectors.joining(", "));
        JdbcClient.StatementSpec insert =
                jdbc.sql("insert into login_throttle (key) values " + rows + " on conflict (key) do nothing");
        for (int i = 0; i < keys.size(); i++) {
            insert = insert.param("k" + i, keys.get(i));
        }
        insert.update();
        Map<String, LoginThrottle.KeyState> states = new HashMap<>();
        Instant[] now = new Instant[1];
        jdbc.sql("select key, attempts, blocked_until, clock_timestamp() as now from login_throttle "
                        + "where key in (:keys) order by key for update")
                .param("keys", keys)
                .query((rs, n) -> {
                    OffsetDateTime blocked = rs.getObject("blocked_until", OffsetDateTime.class);
                    states.put(
                            rs.getString("key"),
                            new LoginThrottle.KeyState(
                                    rs.getInt("attempts"), blocked == null ? null : blocked.toInstant()));
                    now[0] = rs.getObject("now", OffsetDateTime.class).toInstant();
                    return n;
                })
                .list();
        return new Locked(states, now[0]);
    }

    void save(String key, LoginThrottle.KeyState state) {
        jdbc.sql("update login_throttle set attempts = :attempts, blocked_until = :blocked, "
                        + "last_attempt = clock_timestamp() where key = :key")
                .param("attempts", state.attempts())
                .param(
                        "blocked",
                        state.blockedUntil() == null
                                ? null
                                : OffsetDateTime.ofInstant(state.blockedUntil(), ZoneOffset.UTC))
                .param("key", key)
                .update();
    }

    void forget(List<String> keys) {
        jdbc.sql("delete from login_throttle where key in (:keys)")
                .param("keys", keys)
                .update();
    }

    /** Takes one counted attempt back; a block this attempt armed goes with it. */
    void uncount(String key, int freeFailures) {
        jdbc.sql("update login_throttle set attempts = greatest(attempts - 1, 0), "
                        + "blocked_until = case when attempts - 1 >= :free then blocked_until end where key = :key")
                .param("free", freeFailures)
                .param("key", key)
                .update();
    }

    int forgetQuiet(Duration quietFor) {
        return jdbc.sql("delete from login_throttle where last_attempt < clock_timestamp() - cast(:quiet as interval) "
                        + "and (blocked_until is null or blocked_until < clock_timestamp() - cast(:quiet as interval))")
                .param("quiet", quietFor.toMillis() + " milliseconds")
                .update();
    }

    /** Whether this username logged in from this address, and anyone from it, within the last {@code within}. */
    Known known(String username, String address, Duration within) {
        return jdbc.sql("""
                        select exists(select 1 from login_known where username = :username and address = :address
                                      and last_success > clock_timestamp() - cast(:within as interval)) as pair,
                               exists(select 1 from login_known where address = :address
                                      and last_success > clock_timestamp() - cast(:within as interval)) as address""")
                .param("username", username)
                .param("address", address)
                .param("within", within.toSeconds() + " seconds")
                .query((rs, n) -> new Known(rs.getBoolean("pair"), rs.getBoolean("address")))
                .single();
    }

    void remember(String username, String address) {
        jdbc.sql("insert into login_known (username, address) values (:username, :address) "
                        + "on conflict (username, address) do update set last_success = now()")
                .param("username", username)
                .param("address", address)
                .update();
    }

    int forgetKnownBefore(Duration knownFor) {
        return jdbc.sql("delete from login_known where last_success < clock_timestamp() - cast(:known as interval)")
                .param("known", knownFor.toSeconds() + " seconds")
                .update();
    }

    record Locked(Map<String, LoginThrottle.KeyState> states, Instant now) {}

    record Known(boolean forUsername, boolean address) {}
}
