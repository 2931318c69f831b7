package com.containermanager.file;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Where users' files live (basePath/<user id>/<name>), the largest upload, and each user's total. */
@Validated
@ConfigurationProperties("cm.storage")
public record StorageSettings(
        @NotNull Path basePath,
        @NotNull DataSize maxUploadSize,
        @NotNull DataSize quota) {}
