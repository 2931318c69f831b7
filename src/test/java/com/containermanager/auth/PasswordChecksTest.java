package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordChecksTest {

    private final PasswordChecks checks = new PasswordChecks(new AuthSettings(
            null,
            Duration.ofHours(1),
            new AuthSettings.Throttle(5, 20, Duration.ofSeconds(1), Duration.ofSeconds(2), 100, 2)));

    @Test
    void shouldRefuseAtOnceWhileEverySlotIsBusyAndRunAgainOnceOneIsFree() throws Exception {
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        var first = threads.submit(() -> checks.tryRun(() -> hold(holding, release)));
        var second = threads.submit(() -> checks.tryRun(() -> hold(holding, release)));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(checks.tryRun(() -> "third")).as("both slots busy").isEmpty();

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).contains("held");
        assertThat(second.get(10, TimeUnit.SECONDS)).contains("held");
        assertThat(checks.tryRun(() -> "fourth")).contains("fourth");
        threads.close();
    }

    @Test
    void shouldFreeTheSlotWhenTheWorkFails() {
        for (int i = 0; i < 5; i++) {
            try {
                checks.tryRun(() -> {
                    throw new IllegalStateException("bcrypt failed");
                });
            } catch (IllegalStateException expected) {
                // the slot must come back
            }
        }
        assertThat(checks.tryRun(() -> "ok")).contains("ok");
    }

    private static String hold(CountDownLatch holding, CountDownLatch release) {
        holding.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "held";
    }
}
