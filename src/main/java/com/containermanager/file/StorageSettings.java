package com.containermanager.file;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where users' files live (basePath/<user id>/<name>), the largest upload, and each user's total. Uploads are refused
 * while the file system has less free space than minFreeSpace or minFreePercent of its size, whichever is more, so
 * that users' files never take the room PostgreSQL and the engine need when they share the disk.
 */
@Validated
@ConfigurationProperties("cm.storage")
public record StorageSettings(
        @NotNull Path basePath,
        @NotNull DataSize maxUploadSize,
        @NotNull DataSize quota,
        @NotNull DataSize minFreeSpace,
        @Min(0) @Max(100) int minFreePercent) {}
