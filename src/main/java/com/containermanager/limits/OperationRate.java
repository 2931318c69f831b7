package com.containermanager.limits;

import com.containermanager.platform.RelaxedCommits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * limits.operations_per_minute: the container starts, stops, restarts, execs and console opens one user may ask
 * for in a clock minute. Each costs the engine far more CPU than it costs us (runc, the shim, the output through the
 * engine): in the hostile soak two thirds of the machine's CPU went to dockerd, the shims and the containers'
 * processes, which no slot bounds, so one user flapping containers or running commands in a loop slowed every other
 * user's requests. Counted in one PostgreSQL row per user by one upsert per operation, so the rate holds across
 * instances; a fixed window lets the end of one minute and the start of the next through together (twice the rate at
 * most), where a sliding window would cost a row per operation. Refused attempts count too: they end in the next
 * minute anyway.
 */
@Component
public class OperationRate implements UsageSource {

    /**
     * Users refused on this instance, until their minute ends: their next attempts are refused here without a write
     * (a client that retries at once would otherwise cost a database round trip per request). One entry per user over
     * the rate in this minute, dropped when it passes.
     */
    private final Map<Long, Instant> refusedUntil = new ConcurrentHashMap<>();

    private final Clock clock;
    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;
    private final LimitSettings limits;
    private final UserLimits userLimits;

    OperationRate(JdbcClient jdbc, RelaxedCommits relaxed, LimitSettings limits, UserLimits userLimits, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.relaxed = relaxed;
        this.limits = limits;
        this.userLimits = userLimits;
    }

    /** Counts one operation of this user's, or refuses it with 429 and Retry-After (the rest of the minute). */
    public void admit(long userId) {
        int perMinute = limitOf(userId);
        if (perMinute == 0) {
            return;
        }
        Instant now = clock.instant();
        Instant until = refusedUntil.get(userId);
        if (until != null) {
            if (now.isBefore(until)) {
                throw refusal(perMinute, Duration.between(now, until));
            }
            refusedUntil.remove(userId, until);
        }
        Counted counted = jdbc.sql("""
                        insert into operation_rates as r (user_id, minute, operations)
                        select :user, date_trunc('minute', clock_timestamp()), 1
                        where %s
                        on conflict (user_id) do update set
                            operations = case when r.minute = excluded.minute then r.operations + 1 else 1 end,
                            minute = excluded.minute
                        returning operations,
                            extract(epoch from (minute + interval '1 minute' - clock_timestamp())) as left_s
                        """.formatted(relaxed.relaxingCondition()))
                .param("user", userId)
                .query((rs, row) -> new Counted(rs.getLong("operations"), rs.getDouble("left_s")))
                .single();
        if (counted.operations() > perMinute) {
            Duration left = Duration.ofMillis(Math.max(1, (long) Math.ceil(counted.secondsLeft() * 1000)));
            refusedUntil.put(userId, now.plus(left));
            refusedUntil.values().removeIf(now::isAfter);
            throw refusal(perMinute, left);
        }
    }

    private static RateLimitReachedException refusal(int perMinute, Duration left) {
        // Retry-After counts whole seconds: rounded up, so that a retry at once after it is not refused again.
        return new RateLimitReachedException(
                LimitSettings.OPERATIONS_PER_MINUTE, perMinute, Duration.ofSeconds((left.toMillis() + 999) / 1000));
    }

    @Override
    public Map<String, Usage> usageOf(long userId) {
        long used = jdbc.sql("""
                        select coalesce(sum(operations), 0) from operation_rates
                        where user_id = :user and minute = date_trunc('minute', clock_timestamp())
                        """).param("user", userId).query(Long.class).single();
        int limit = limitOf(userId);
        return Map.of(LimitSettings.OPERATIONS_PER_MINUTE, new Usage(Math.min(used, limit == 0 ? used : limit), limit));
    }

    private int limitOf(long userId) {
        return userLimits.of(userId).get(LimitSettings.OPERATIONS_PER_MINUTE, limits.operationsPerMinute());
    }

    private record Counted(long operations, double secondsLeft) {}
}
