package com.containermanager.platform;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The folder that holds the service's own state: embedded PostgreSQL's data and the generated JWT secret. */
@Validated
@ConfigurationProperties("cm")
public record DataFolderSettings(@NotNull Path dataDir) {}
