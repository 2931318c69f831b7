package com.containermanager.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void shouldPassTheBurstThenRefillAtTheRate() {
        RequestRate rate = new RequestRate(10, 3, nanos::get);

        assertThat(rate.admit(1)).isTrue();
        assertThat(rate.admit(1)).isTrue();
        assertThat(rate.admit(1)).isTrue();
        assertThat(rate.admit(1)).as("the burst is spent").isFalse();
        assertThat(rate.admit(2)).as("another user's bucket is full").isTrue();

        nanos.addAndGet(99_000_000L);
        assertThat(rate.admit(1)).as("not yet a tenth of a second").isFalse();
        nanos.addAndGet(1_000_000L);
        assertThat(rate.admit(1)).isTrue();
        assertThat(rate.admit(1)).isFalse();

        nanos.addAndGet(60_000_000_000L);
        int passed = 0;
        while (rate.admit(1)) {
            passed++;
        }
        assertThat(passed).as("a long pause refills the burst, not more").isEqualTo(3);
    }

    @Test
    void shouldPassEverythingWhenOff() {
        RequestRate rate = new RequestRate(0, 200, nanos::get);

        assertThat(rate.on()).isFalse();
        for (int i = 0; i < 1000; i++) {
            assertThat(rate.admit(1)).isTrue();
        }
    }
}
