package com.containermanager.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One password check slot, held open by a check that waits: the next login is answered 429 at once. */
@Import(PasswordCheckSlotsIT.HoldingEncoder.class)
class PasswordCheckSlotsIT extends IntegrationTest {

    static final String HOLD = "hold-the-only-slot";
    static final CountDownLatch HELD = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @DynamicPropertySource
    static void oneSlot(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "password-slots");
        registry.add("cm.auth.throttle.max-concurrent-checks", () -> "1");
    }

    @Test
    void shouldAnswer429AtOnceWhileEveryPasswordCheckSlotIsBusy() throws Exception {
        ApiClient.Session user = api.newUser("slots");
        try (ExecutorService client = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ApiClient.Response> holding = client.submit(() -> api.post("/users/login", body(user, HOLD), null));
            assertThat(HELD.await(30, TimeUnit.SECONDS))
                    .as("the first check holds the slot")
                    .isTrue();

            ApiClient.Response busy = api.post("/users/login", body(user, "correct-horse"), null);

            assertThat(busy.status()).as(busy.body()).isEqualTo(429);
            assertThat(busy.error()).isEqualTo("too many password checks in progress, try again shortly");
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            RELEASE.countDown();
            assertThat(holding.get(30, TimeUnit.SECONDS).status()).isEqualTo(401);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.post("/users/login", body(user, "correct-horse"), null)
                                .status()
                        == 200);
    }

    private static String body(ApiClient.Session user, String password) {
        return ApiClient.json(Map.of("username", user.username(), "password", password));
    }

    /** The real encoder, except that a check of {@link #HOLD} waits until the test releases it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class HoldingEncoder {
        @Bean
        static BeanPostProcessor holdingPasswordEncoder() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof PasswordEncoder real)) {
                        return bean;
                    }
                    return new PasswordEncoder() {
                        @Override
                        public String encode(CharSequence raw) {
                            return real.encode(raw);
                        }

                        @Override
                        public boolean matches(CharSequence raw, String encoded) {
                            if (HOLD.contentEquals(raw)) {
                                HELD.countDown();
                                try {
                                    RELEASE.await(60, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            return real.matches(raw, encoded);
                        }
                    };
                }
            };
        }
    }
}
