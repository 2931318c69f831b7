package com.containermanager.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.Concurrently;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeasuredVolumesTest {

    @Test
    void shouldMeasureOnceForEveryCallerWhileTheMeasurementIsFresh() throws Exception {
        UUID id = UUID.randomUUID();
        AtomicInteger measured = new AtomicInteger();
        MeasuredVolumes volumes = new MeasuredVolumes(() -> {
            measured.incrementAndGet();
            return Map.of(DockerContainerRuntime.volumeName(id), 20L * 1024 * 1024);
        });

        List<Long> used = Concurrently.run(8, i -> volumes.usedBytes(id, Optional.of("/var/lib/docker/volumes/x")));

        assertThat(used).containsOnly(20L * 1024 * 1024);
        assertThat(measured.get())
                .as("one disk usage call at a time, the waiting callers use it")
                .isEqualTo(1);
        assertThat(volumes.usedBytes(UUID.randomUUID(), Optional.of("/elsewhere")))
                .as("a volume the engine did not measure")
                .isZero();
        assertThat(volumes.usedBytes(id, Optional.empty()))
                .as("no engine volume yet: nothing to measure")
                .isZero();
        assertThat(measured.get()).isEqualTo(1);
        assertThat(volumes.limit()).isEqualTo("soft");
        assertThat(volumes.driverOptions(id)).isEmpty();
    }
}
