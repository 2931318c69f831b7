package com.containermanager.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class SupervisedLoopTest {

    private final BackgroundLoops loops = new BackgroundLoops();
    private final BackgroundWorkHealthIndicator health = new BackgroundWorkHealthIndicator(loops);

    @Test
    void shouldGoOnAfterErrorsAndExceptions() throws Exception {
        AtomicInteger turns = new AtomicInteger();
        SupervisedLoop loop = loops.start("flaky", Thread.ofVirtual(), () -> {
            switch (turns.incrementAndGet()) {
                case 1 -> throw new OutOfMemoryError("simulated");
                case 2 -> throw new StackOverflowError();
                case 3 -> throw new IllegalStateException("simulated");
                default -> Thread.sleep(5);
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> turns.get() > 5);

        assertThat(loop.failures()).isEqualTo(3);
        assertThat(loop.stoppedUnexpectedly()).isFalse();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        loops.stop(loop);
        assertThat(loop.join(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void shouldNotEndOnAStrayInterrupt() throws Exception {
        AtomicInteger turns = new AtomicInteger();
        SupervisedLoop loop = loops.start("interrupted", Thread.ofPlatform(), () -> {
            turns.incrementAndGet();
            Thread.currentThread().interrupt();
            Thread.sleep(1000);
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> turns.get() > 3);

        assertThat(loop.stoppedUnexpectedly()).isFalse();
        loops.stop(loop);
        assertThat(loop.join(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void shouldTurnHealthDownWhenALoopsThreadEnds() {
        // A thread that dies before it runs the loop: what no failure inside a step can do, the indicator must see.
        Thread.Builder threads = Thread.ofPlatform().uncaughtExceptionHandler((thread, e) -> {});
        SupervisedLoop loop = loops.start(
                "dies",
                task -> threads.unstarted(() -> {
                    throw new IllegalStateException("thread killed");
                }),
                () -> {});

        await().atMost(Duration.ofSeconds(10)).until(loop::stoppedUnexpectedly);

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("loops").toString()).contains("dies=stopped");
        loops.stop(loop);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void shouldNotCountALoopStoppedOnPurpose() throws Exception {
        SupervisedLoop loop = loops.every("periodic", Duration.ofMillis(10), () -> {});
        loop.stop();
        assertThat(loop.join(Duration.ofSeconds(5))).isTrue();

        assertThat(loop.stoppedUnexpectedly()).isFalse();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }
}
