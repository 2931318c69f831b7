package com.containermanager.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.ContainerManagerApplication;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** SIGTERM while a job runs: the job is handed back, and the next start finishes it, once. */
class ShutdownResumeIT {

    private static final CountDownLatch CREATE_ENTERED = new CountDownLatch(1);
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private final Path dir = Path.of("target", "it-runs", IntegrationTest.RUN_ID, "shutdown-" + UUID.randomUUID())
            .toAbsolutePath();
    private ConfigurableApplicationContext next;

    /** Holds the first instance's container creation until the instance is shut down, like a long image pull. */
    @Configuration(proxyBeanMethods = false)
    static class SlowEngine {
        @Bean
        static BeanPostProcessor slowCreate() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof ContainerRuntime runtime)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(
                            getClass().getClassLoader(),
                            new Class<?>[] {ContainerRuntime.class},
                            (proxy, method, args) -> {
                                if (method.getName().equals("create")) {
                                    CREATE_ENTERED.countDown();
                                    try {
                                        NEVER.await();
                                    } catch (InterruptedException e) {
                                        throw new EngineUnavailableException(e);
                                    }
                                }
                                try {
                                    return method.invoke(runtime, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                }
            };
        }
    }

    private ConfigurableApplicationContext start(Class<?>... extra) {
        Object[] sources = new Object[extra.length + 1];
        sources[0] = ContainerManagerApplication.class;
        System.arraycopy(extra, 0, sources, 1, extra.length);
        // Command-line arguments: application.yaml's own mappings (cm.data-dir: ${data.dir:./data}, ...) outrank
        // default properties, which would leave this test on ./data.
        return new SpringApplicationBuilder()
                .sources(toClasses(sources))
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--config.file=" + dir.resolve("none.yaml"),
                        "--cm.data-dir=" + dir.resolve("data"),
                        "--cm.storage.base-path=" + dir.resolve("uploads"),
                        "--cm.docker.labels[" + IntegrationTest.TEST_LABEL + "]=" + IntegrationTest.RUN_ID,
                        "--cm.jobs.shutdown-grace=1s",
                        "--cm.jobs.idle-poll=300ms");
    }

    private static Class<?>[] toClasses(Object[] sources) {
        Class<?>[] classes = new Class<?>[sources.length];
        for (int i = 0; i < sources.length; i++) {
            classes[i] = (Class<?>) sources[i];
        }
        return classes;
    }

    private static ApiClient client(ConfigurableApplicationContext context) {
        return new ApiClient(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @AfterEach
    void cleanUp() {
        if (next != null) {
            EngineFixture.containersLabelled(IntegrationTest.TEST_LABEL, IntegrationTest.RUN_ID)
                    .forEach(EngineFixture::remove);
            next.close();
        }
    }

    @Test
    void shouldHandBackARunningJobOnShutdownAndFinishItOnceOnTheNextStart() throws Exception {
        ConfigurableApplicationContext first = start(SlowEngine.class);
        ApiClient api = client(first);
        ApiClient.Session user = api.newUser("shutdown");
        String jobId = api.post(
                        "/containers",
                        ApiClient.json(Map.of("image", IntegrationTest.TEST_IMAGE, "cmd", List.of("true"))),
                        user.token())
                .json()
                .get("job_id")
                .asString();
        assertThat(CREATE_ENTERED.await(30, TimeUnit.SECONDS))
                .as("the job is running")
                .isTrue();

        first.close();

        next = start();
        JdbcClient jdbc = next.getBean(JdbcClient.class);
        ApiClient again = client(next);
        String token = again.post(
                        "/users/login",
                        ApiClient.json(Map.of("username", user.username(), "password", "correct-horse")),
                        null)
                .json()
                .get("token")
                .asString();
        JsonNode job = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> again.get("/jobs/" + jobId, token).json(),
                        node -> node.get("status").asString().equals("completed"));

        assertThat(job.get("result").get("container_id").asString()).matches("[0-9a-f]{64}");
        assertThat(EngineFixture.containersLabelled(ContainerLabels.JOB, jobId)).hasSize(1);
        assertThat(jdbc.sql("select attempts from jobs where id = :id")
                        .param("id", UUID.fromString(jobId))
                        .query(Integer.class)
                        .single())
                .as("claimed once per instance")
                .isEqualTo(2);
    }
}
