package com.containermanager.auth;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** How long a browser's session (the dashboard's refresh cookie) lasts from its login (auth.session_lifetime). */
@Validated
@ConfigurationProperties("cm.auth.browser-session")
public record BrowserSessionSettings(@NotNull Duration lifetime) {}
