package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineEvents;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.SecondInstance;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two, then three, instances on one PostgreSQL and one engine, all running policy rounds every 200 ms: each idle
 * container is stopped exactly once (counted from the engine's own events) with one audit row, whichever instance
 * acts.
 */
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleAcrossInstancesIT extends IntegrationTest {

    private static final List<String> SLEEPER = List.of("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait");
    private static final int CONTAINERS = 4;

    @Autowired
    private HikariDataSource dataSource;

    private ConfigurableApplicationContext second;

    @DynamicPropertySource
    static void quickPolicy(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "lifecycle-across");
        policy().forEach((key, value) -> registry.add(key, () -> value));
    }

    private static Map<String, String> policy() {
        Map<String, String> policy = new java.util.LinkedHashMap<>(LifecyclePolicyIT.quickPolicy());
        policy.put("lifecycle.delete_after_stopped", "0");
        return policy;
    }

    @BeforeAll
    void startSecondInstance() {
        second = SecondInstance.start(dataSource, RUN_DIR.resolve("second-uploads"), policy());
    }

    @AfterAll
    void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void shouldStopEachIdleContainerExactlyOnce() throws Exception {
        stopsEachIdleContainerOnce("across");
    }

    @Test
    void shouldStopEachIdleContainerExactlyOnceWithThreeInstances() throws Exception {
        ConfigurableApplicationContext third =
                SecondInstance.start(dataSource, RUN_DIR.resolve("third-uploads"), policy());
        try {
            stopsEachIdleContainerOnce("across3");
        } finally {
            third.close();
        }
    }

    private void stopsEachIdleContainerOnce(String userName) throws Exception {
        ApiClient.Session user = api.newUser(userName);
        List<String> ids = new ArrayList<>();
        List<EngineEvents> engine = new ArrayList<>();
        try {
            for (int i = 0; i < CONTAINERS; i++) {
                String id = createContainer(user, SLEEPER);
                engine.add(EngineEvents.of(id));
                ids.add(id);
                assertThat(api.patch("/containers/" + id + "/start", user.token())
                                .status())
                        .isEqualTo(200);
            }

            await().atMost(LifecyclePolicyIT.IDLE.plusSeconds(10))
                    .until(() -> ids.stream()
                            .allMatch(id -> api.get("/containers/" + id, user.token())
                                    .json()
                                    .get("status")
                                    .asString()
                                    .equals("exited")));
            // Rounds of every instance go on meanwhile: none may stop or audit anything again.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);

            for (int i = 0; i < CONTAINERS; i++) {
                assertThat(engine.get(i).count("stop"))
                        .as("engine stops of " + ids.get(i))
                        .isEqualTo(1);
                JsonNode audit = api.get("/audit?action=container.stop&target=" + ids.get(i), user.token())
                        .json();
                assertThat(audit).as("audit rows of " + ids.get(i)).hasSize(1);
                assertThat(audit.get(0).get("detail").asString()).startsWith("by policy: idle");
            }
        } finally {
            for (EngineEvents events : engine) {
                events.close();
            }
        }
    }
}
