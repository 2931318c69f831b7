package com.containermanager.auth;

import com.containermanager.platform.DataFolderSettings;
import com.containermanager.web.WebSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.util.unit.DataSize;

/**
 * The real security configuration (and the web layer's settings) for {@code @WebMvcTest} slices: bearer tokens signed with a fixed secret, every
 * user id known except {@link #UNKNOWN_USER}. Slices get a token from {@link TokenIssuer}.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableWebSecurity
@Import({SecurityConfiguration.class, TokenIssuer.class, KnownBearers.class})
public class SecuritySlice {

    public static final long UNKNOWN_USER = 999_999;

    @Bean
    AuthSettings authSettings() {
        return new AuthSettings(
                "slice-secret-slice-secret-slice-secret",
                Duration.ofHours(1),
                new AuthSettings.Throttle(5, 20, Duration.ofSeconds(30), Duration.ofMinutes(15)));
    }

    @Bean
    DataFolderSettings dataFolderSettings() {
        return new DataFolderSettings(Path.of("target", "slice-data"));
    }

    /** The web layer's own filters are part of every slice (they are Filter beans); they need its settings. */
    @Bean
    WebSettings webSettings() {
        return new WebSettings(DataSize.ofMegabytes(1), java.time.Duration.ofSeconds(15), null, null);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KnownUsers knownUsers() {
        return userId -> userId != UNKNOWN_USER;
    }
}
