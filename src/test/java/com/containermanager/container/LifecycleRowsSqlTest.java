package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.SqlTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The policy round's SQL on PostgreSQL: what it warns of and claims, that a claim is taken once, and what one round
 * over 10,000 containers' rows costs (statements and time; the figure is in docs/lifecycle.md).
 */
@SqlTest
class LifecycleRowsSqlTest {

    private static final LifecyclePolicy GLOBAL =
            new LifecyclePolicy(Duration.ofHours(2), Duration.ofHours(24), Duration.ofDays(30), Duration.ofMinutes(10));
    private static final LifecyclePolicies POLICY = LifecyclePolicies.only(GLOBAL);
    private static final Duration CLAIM = Duration.ofMinutes(5);

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    private final AtomicInteger statements = new AtomicInteger();
    private LifecycleRows rows;
    private long owner;

    @BeforeEach
    void rows() {
        jdbc.sql("delete from containers").update();
        rows = new LifecycleRows(JdbcClient.create(counting(dataSource)));
        owner = jdbc.sql("insert into users (username, password_hash) values (:name, 'x') returning id")
                .param("name", "u" + UUID.randomUUID().toString().substring(0, 8))
                .query(Long.class)
                .single();
    }

    @Test
    void shouldWarnOnceClaimOnceAndLeaveTheRest() {
        String idle = container("running_since = now() - interval '3 hours', last_activity_at = now() - interval '3h'");
        String soon =
                container("running_since = now() - interval '3 hours', last_activity_at = now() - interval '115m'");
        String busy = container("running_since = now() - interval '25 hours', last_activity_at = now()");
        String fresh = container("running_since = now(), last_activity_at = now()");
        String expired = container("stopped_at = now() - interval '31 days'");
        String stopped = container("stopped_at = now() - interval '1 day'");

        List<LifecycleRows.Due> first = rows.round(POLICY, CLAIM);

        assertThat(first)
                .extracting(LifecycleRows.Due::id, LifecycleRows.Due::act)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(idle, true),
                        org.assertj.core.groups.Tuple.tuple(soon, false),
                        org.assertj.core.groups.Tuple.tuple(busy, true),
                        org.assertj.core.groups.Tuple.tuple(expired, true));
        assertThat(first.stream()
                        .filter(d -> d.id().equals(busy))
                        .findFirst()
                        .orElseThrow()
                        .reason())
                .isEqualTo(LifecyclePolicy.StopReason.LIFETIME);
        assertThat(first.stream()
                        .filter(d -> d.id().equals(idle))
                        .findFirst()
                        .orElseThrow()
                        .reason())
                .isEqualTo(LifecyclePolicy.StopReason.IDLE);
        assertThat(first.stream()
                        .filter(d -> d.id().equals(expired))
                        .findFirst()
                        .orElseThrow()
                        .stop())
                .isFalse();
        assertThat(rows.round(POLICY, CLAIM)).as("warned and claimed already").isEmpty();
        assertThat(rows.stillDue(idle, POLICY, true)).isTrue();
        assertThat(rows.stillDue(fresh, POLICY, true)).isFalse();
        assertThat(rows.stillDue(stopped, POLICY, false)).isFalse();
        assertThat(rows.stillDue(expired, POLICY, false)).isTrue();

        rows.release(idle);
        rows.recordActivity(java.util.Map.of(idle, Instant.now()));
        assertThat(rows.stillDue(idle, POLICY, true)).as("activity moved it on").isFalse();
        assertThat(rows.round(POLICY, CLAIM)).isEmpty();
    }

    /** Two profiles with different idle times, and rows of no or an unknown profile, judged in one statement. */
    @Test
    void shouldJudgeEachRowByItsProfilesPolicyInOneStatement() {
        LifecyclePolicies policies = new LifecyclePolicies(
                GLOBAL,
                java.util.Map.of(
                        "short",
                        new LifecyclePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, Duration.ZERO),
                        "long",
                        new LifecyclePolicy(
                                Duration.ofHours(5), Duration.ZERO, Duration.ofDays(30), Duration.ofMinutes(10))));
        String ninety = "running_since = now() - interval '90 minutes', last_activity_at = now() - interval '90m'";
        String threeHours = "running_since = now() - interval '3 hours', last_activity_at = now() - interval '3h'";
        String shortIdle = container("profile = 'short', " + ninety);
        String longIdle = container("profile = 'long', " + threeHours);
        String longNinety = container("profile = 'long', " + ninety);
        String noProfile = container(threeHours);
        String unknown = container("profile = 'gone', " + threeHours);
        String globalNinety = container(ninety);
        String shortExpired = container("profile = 'short', stopped_at = now() - interval '31 days'");

        statements.set(0);
        List<LifecycleRows.Due> due = rows.round(policies, CLAIM);

        assertThat(statements.get()).as("statements in one round").isEqualTo(1);
        assertThat(due)
                .extracting(LifecycleRows.Due::id, LifecycleRows.Due::act)
                .as("short stops after 1 h idle, long after 5 h, no or an unknown profile after the global 2 h;"
                        + " short never removes")
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(shortIdle, true),
                        org.assertj.core.groups.Tuple.tuple(noProfile, true),
                        org.assertj.core.groups.Tuple.tuple(unknown, true));
        assertThat(longIdle).isNotIn(due.stream().map(LifecycleRows.Due::id).toList());
        assertThat(rows.stillDue(shortIdle, policies, true)).isTrue();
        assertThat(rows.stillDue(longIdle, policies, true)).isFalse();
        assertThat(rows.stillDue(longNinety, policies, true)).isFalse();
        assertThat(rows.stillDue(globalNinety, policies, true)).isFalse();
        assertThat(rows.stillDue(shortExpired, policies, false)).isFalse();
        assertThat(rows.stillDue(shortExpired, POLICY, false))
                .as("the global policy removes it")
                .isTrue();
    }

    /**
     * A container's own policy (own_*_ms, what its owner asked for) narrows its profile's in the same one statement:
     * a shorter own idle stop is due before the profile's, a profile shortened below what was asked still wins, and
     * the own values come back with the row.
     */
    @Test
    void shouldJudgeARowByItsOwnShorterPolicyInTheSameStatement() {
        LifecyclePolicies policies = new LifecyclePolicies(
                GLOBAL,
                java.util.Map.of(
                        "tight",
                        new LifecyclePolicy(Duration.ofMinutes(20), Duration.ZERO, Duration.ZERO, Duration.ZERO)));
        String ninety = "running_since = now() - interval '90 minutes', last_activity_at = now() - interval '90m'";
        String ownHour = container("own_idle_stop_after_ms = 3600000, " + ninety);
        String ownThreeHours = container("own_idle_stop_after_ms = 10800000, " + ninety);
        String profileOnly = container(ninety);
        String tightProfile = container("profile = 'tight', own_idle_stop_after_ms = 3600000, "
                + "running_since = now() - interval '30 minutes', last_activity_at = now() - interval '30m'");
        String ownDelete = container("own_delete_after_stopped_ms = 86400000, stopped_at = now() - interval '2 days'");
        String ownLifetime = container(
                "own_max_lifetime_ms = 3600000, running_since = now() - interval '61 minutes', last_activity_at = now()");

        statements.set(0);
        List<LifecycleRows.Due> due = rows.round(policies, CLAIM);

        assertThat(statements.get()).as("statements in one round").isEqualTo(1);
        assertThat(due)
                .extracting(LifecycleRows.Due::id, LifecycleRows.Due::act)
                .as("own 1 h idle, the tight profile's 20 min, own 1 day removal and own 1 h lifetime are due; the"
                        + " profile's 2 h and an own 3 h (never longer) are not")
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(ownHour, true),
                        org.assertj.core.groups.Tuple.tuple(tightProfile, true),
                        org.assertj.core.groups.Tuple.tuple(ownDelete, true),
                        org.assertj.core.groups.Tuple.tuple(ownLifetime, true));
        java.util.Map<String, LifecycleRows.Due> byId =
                due.stream().collect(java.util.stream.Collectors.toMap(LifecycleRows.Due::id, d -> d));
        assertThat(byId.get(ownHour).own().idleStopAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(byId.get(ownHour).reason()).isEqualTo(LifecyclePolicy.StopReason.IDLE);
        assertThat(byId.get(ownLifetime).reason()).isEqualTo(LifecyclePolicy.StopReason.LIFETIME);
        assertThat(List.of(ownHour, ownThreeHours, profileOnly))
                .map(id -> rows.stillDue(id, policies, true))
                .containsExactly(true, false, false);
        assertThat(rows.of(ownThreeHours).orElseThrow().own())
                .isEqualTo(LifecyclePolicy.asked(Duration.ofHours(3), Duration.ZERO, Duration.ZERO));
        assertThat(rows.of(profileOnly).orElseThrow().own()).isEqualTo(LifecyclePolicy.OFF);
    }

    /** The bench: 10,000 containers, a tenth of them due; one statement, timed. */
    @Test
    void shouldJudgeTenThousandContainersInOneStatement() {
        jdbc.sql("""
                insert into containers (id, owner_id, name, image, cmd, env, running_since, last_activity_at, stopped_at)
                select encode(sha256(convert_to('c' || i || :salt, 'UTF8')), 'hex'), :owner, 'c' || i, 'alpine', '[]', '[]',
                       case when i % 2 = 0 then now() - interval '4 hours' end,
                       case when i % 10 = 0 then now() - interval '3 hours' else now() - interval '5 minutes' end,
                       case when i % 2 = 1 then now() - interval '1 day' end
                from generate_series(1, 10000) i""")
                .param("owner", owner)
                .param("salt", UUID.randomUUID().toString())
                .update();
        jdbc.sql("analyze containers").update();
        rows.round(POLICY, CLAIM);
        jdbc.sql("update containers set policy_claimed_until = null, warned_for = null")
                .update();

        statements.set(0);
        long started = System.nanoTime();
        List<LifecycleRows.Due> due = rows.round(POLICY, CLAIM);
        long micros = (System.nanoTime() - started) / 1000;
        int perRound = statements.get();

        assertThat(perRound).as("statements in one round").isEqualTo(1);
        assertThat(due).as("every tenth has been idle for 3 hours").hasSize(1000);
        assertThat(due).allMatch(LifecycleRows.Due::act);
        long quiet = timed();
        System.out.printf(
                "LifecycleRowsSqlTest: one round over 10,000 containers: %d statement(s), %.1f ms claiming 1,000;"
                        + " %.1f ms when none is due%n",
                perRound, micros / 1000.0, quiet / 1000.0);
    }

    private long timed() {
        long started = System.nanoTime();
        rows.round(POLICY, CLAIM);
        return (System.nanoTime() - started) / 1000;
    }

    private String container(String set) {
        String id =
                HexFormat.of().formatHex(UUID.randomUUID().toString().repeat(2).getBytes(), 0, 32);
        jdbc.sql(
                        "insert into containers (id, owner_id, name, image, cmd, env) values (:id, :owner, :id, 'alpine', '[]', '[]')")
                .param("id", id)
                .param("owner", owner)
                .update();
        jdbc.sql("update containers set " + set + " where id = :id")
                .param("id", id)
                .update();
        return id;
    }

    /** The data source, counting the statements prepared on its connections. */
    private DataSource counting(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(
                                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
                                    if (m.getName().startsWith("prepare")
                                            || m.getName().equals("createStatement")) {
                                        statements.incrementAndGet();
                                    }
                                    return invoke(connection, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
