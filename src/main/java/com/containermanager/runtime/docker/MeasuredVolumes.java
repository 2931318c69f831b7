package com.containermanager.runtime.docker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Soft volumes (volumes.limit soft): the engine's own local volume, in its data root, with no file system of the
 * volume's size under it, so a write past the size succeeds; what its files take is measured by the engine and
 * reported. Needs neither root nor loop devices on the engine's host, and nothing of the service's host: the way for
 * engines on machines of their own (Swarm nodes).
 *
 * <p>The engine measures every volume at once ({@code GET /system/df}, which walks their files): one measurement
 * answers all of a listing's volumes and is kept for {@link #MEASURED_FOR}.
 */
final class MeasuredVolumes implements VolumeBacking {

    /** How long one measurement of the engine's volumes is used. */
    static final Duration MEASURED_FOR = Duration.ofSeconds(5);

    private record Measurement(Map<String, Long> sizes, long at) {}

    private final Supplier<Map<String, Long>> measure;
    private @Nullable Measurement last;

    MeasuredVolumes(Supplier<Map<String, Long>> measure) {
        this.measure = measure;
    }

    @Override
    public void attach(UUID id, long sizeBytes) {
        // The engine makes the volume's directory itself.
    }

    @Override
    public Map<String, String> driverOptions(UUID id) {
        return Map.of();
    }

    @Override
    public long usedBytes(UUID id, Optional<String> mountpoint) {
        if (mountpoint.isEmpty()) {
            return 0;
        }
        return measurement().sizes().getOrDefault(DockerContainerRuntime.volumeName(id), 0L);
    }

    /**
     * The last measurement while it is fresh, else a new one, one at a time: the engine refuses a second disk usage
     * call while one runs, and the callers that waited use the one just made.
     */
    private synchronized Measurement measurement() {
        Measurement known = last;
        if (known == null || System.nanoTime() - known.at() > MEASURED_FOR.toNanos()) {
            known = new Measurement(measure.get(), System.nanoTime());
            last = known;
        }
        return known;
    }

    @Override
    public void remove(UUID id) {
        // Nothing but the engine volume, which is gone already.
    }

    @Override
    public String limit() {
        return "soft";
    }
}
