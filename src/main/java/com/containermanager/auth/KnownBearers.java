package com.containermanager.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Bearer tokens this instance has authenticated lately, and whose they are: so that {@link RequestRateFilter} can
 * charge a request to its user before security runs. A token here is not trusted for anything else: security still
 * authenticates every request, and a revoked or expired token only costs its user's bucket before its 401.
 */
@Component
class KnownBearers {

    /** As many as the verified login tokens CachingJwtDecoder keeps; a token not here is simply not charged early. */
    private final Cache<String, Long> users = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    void authenticated(String token, long userId) {
        users.put(token, userId);
    }

    @Nullable
    Long userOf(String token) {
        return users.getIfPresent(token);
    }
}
