package com.containermanager.audit;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** retention: how long audit rows are kept. */
@Validated
@ConfigurationProperties("cm.audit")
public record AuditSettings(@NotNull Duration retention) {}
