package com.containermanager.web;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Limits of the HTTP layer: maxJsonBody caps every body that is not a file upload. */
@Validated
@ConfigurationProperties("cm.web")
public record WebSettings(@NotNull DataSize maxJsonBody) {}
