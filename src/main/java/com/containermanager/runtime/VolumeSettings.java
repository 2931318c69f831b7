package com.containermanager.runtime;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Users' volumes. directory: where each volume's file system image lives (one sparse file per volume, attached to
 * a loop device and given to the engine's local driver), on the engine's host; mountPrefixes: the paths under which
 * a container may mount a volume; minSize and maxSize: the size one volume may have.
 */
@Validated
@ConfigurationProperties("cm.volumes")
public record VolumeSettings(
        @NotNull Path directory,
        @NotEmpty List<String> mountPrefixes,
        @NotNull DataSize minSize,
        @NotNull DataSize maxSize) {}
