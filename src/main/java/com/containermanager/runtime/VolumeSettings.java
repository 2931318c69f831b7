package com.containermanager.runtime;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Users' volumes. directory: where each volume's file system image lives (one sparse file per volume, attached to
 * a loop device and given to the engine's local driver), on the engine's host (empty: the data folder's volumes/);
 * mountPrefixes: the paths under which a container may mount a volume; minSize and maxSize: the size one volume may
 * have; limit: hard (those file systems) or soft (the engine's own volumes, measured; {@link VolumeLimit}).
 */
@Validated
@ConfigurationProperties("cm.volumes")
public record VolumeSettings(
        @Nullable Path directory,
        @NotEmpty List<String> mountPrefixes,
        @NotNull DataSize minSize,
        @NotNull DataSize maxSize,
        @Nullable VolumeLimit limit) {

    /** hard unless soft is set. */
    public VolumeLimit limitOrHard() {
        return limit == null ? VolumeLimit.HARD : limit;
    }

    /** The directory, or the data folder's volumes/ when none is set. */
    public Path directoryIn(Path dataDir) {
        return directory == null || directory.toString().isEmpty() ? dataDir.resolve("volumes") : directory;
    }
}
