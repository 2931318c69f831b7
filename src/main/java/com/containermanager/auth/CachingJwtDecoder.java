package com.containermanager.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Remembers tokens that verified, keyed by the whole token string, so a client polling a job does not pay for
 * parsing and an HMAC on every request (a tenth of the CPU per request in a profile of GET /jobs/{id}). Only
 * successful verifications are kept, and a kept token is refused again once it expires.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Clock clock;
    private final Cache<String, Jwt> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    CachingJwtDecoder(JwtDecoder verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) {
        Jwt jwt = verified.getIfPresent(token);
        if (jwt == null) {
            jwt = verifier.decode(token);
            verified.put(token, jwt);
        } else if (jwt.getExpiresAt() != null && !clock.instant().isBefore(jwt.getExpiresAt())) {
            verified.invalidate(token);
            throw new BadJwtException("token expired");
        }
        return jwt;
    }
}
