package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.platform.DataFolderSettings;
import com.containermanager.platform.DatabaseSettings;
import com.containermanager.support.MutableClock;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

class TokenRoundTripTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final SecretKey key = new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    private final JwtDecoder decoder =
            NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();

    private TokenIssuer issuer(Instant now) {
        var settings = new AuthSettings(
                SECRET,
                Duration.ofHours(72),
                new AuthSettings.Throttle(5, 20, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        return new TokenIssuer(new NimbusJwtEncoder(new ImmutableSecret<>(key)), settings, new MutableClock(now));
    }

    @Test
    void shouldIssueATokenThatVerifiesWithSubjectAndLifetime() {
        Instant now = Instant.now();
        Jwt jwt = decoder.decode(issuer(now).issue(42));

        assertThat(jwt.getSubject()).isEqualTo("42");
        assertThat(jwt.getHeaders()).containsEntry("alg", "HS256");
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofHours(72));
    }

    @Test
    void shouldRejectAnExpiredToken() {
        String token = issuer(Instant.now().minus(Duration.ofHours(73))).issue(42);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void shouldRejectUnsignedAndTamperedTokens() {
        String token = issuer(Instant.now()).issue(42);
        String[] parts = token.split("\\.");
        String noneHeader = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String otherSubject = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"42\"", "\"43\"")
                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> decoder.decode(noneHeader + "." + parts[1] + "."))
                .isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode(parts[0] + "." + otherSubject + "." + parts[2]))
                .isInstanceOf(BadJwtException.class);
    }

    private static final Supplier<DatabaseSettings> EMBEDDED =
            () -> new DatabaseSettings("", 5432, "postgres", "", "postgres");
    private static final Supplier<JdbcClient> NO_DATABASE = () -> {
        throw new AssertionError("the embedded case keeps its secret in the data folder");
    };

    @Test
    void shouldRefuseASecretShorterThan32Bytes(@TempDir Path dataDir) {
        var settings = new AuthSettings(
                "too-short",
                Duration.ofHours(1),
                new AuthSettings.Throttle(5, 20, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThatThrownBy(
                        () -> JwtSecretProvider.key(settings, new DataFolderSettings(dataDir), EMBEDDED, NO_DATABASE))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void shouldGenerateA256BitSecretOnceAndKeepIt(@TempDir Path dataDir) {
        var settings = new AuthSettings(
                "",
                Duration.ofHours(1),
                new AuthSettings.Throttle(5, 20, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        SecretKey first = JwtSecretProvider.key(settings, new DataFolderSettings(dataDir), EMBEDDED, NO_DATABASE);
        SecretKey second = JwtSecretProvider.key(settings, new DataFolderSettings(dataDir), EMBEDDED, NO_DATABASE);

        assertThat(first.getEncoded()).hasSize(32).isEqualTo(second.getEncoded());
        assertThat(dataDir.resolve("jwt-secret")).exists();
    }
}
