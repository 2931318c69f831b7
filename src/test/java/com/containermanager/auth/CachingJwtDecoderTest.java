package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class CachingJwtDecoderTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good")) {
            throw new BadJwtException("bad");
        }
        return Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .subject("1")
                .issuedAt(clock.instant())
                .expiresAt(clock.instant().plus(Duration.ofMinutes(1)))
                .build();
    };
    private final CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, clock);

    @Test
    void shouldVerifyAGoodTokenOnce() {
        decoder.decode("good-1");
        decoder.decode("good-1");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void shouldNeverRememberABadToken() {
        assertThatThrownBy(() -> decoder.decode("bad-1")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-1")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void shouldRefuseARememberedTokenOnceItExpires() {
        decoder.decode("good-2");
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> decoder.decode("good-2")).isInstanceOf(JwtException.class);
    }
}
