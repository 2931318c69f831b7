package com.containermanager.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.job.spi.JobExecution;
import com.containermanager.job.spi.JobFailure;
import com.containermanager.job.spi.JobHandler;
import com.containermanager.job.spi.JobOutcome;
import com.containermanager.support.SharedPostgresSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.TestPropertySource;

/**
 * The job module with the modules it uses and none that use it: jobs of a handler of the test's own, submitted,
 * claimed by the real workers, and finished; what the module tells the others, as application events. The
 * creation of containers (the only handler in the service) is the container module's scenario.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.DIRECT_DEPENDENCIES, verifyAutomatically = false)
@SharedPostgresSchema
@Import({JobModuleTest.Handlers.class, JobModuleTest.Announcements.class})
@TestPropertySource(
        properties = {
            // readiness names the engine's health, which belongs to a module this test leaves out
            "management.endpoint.health.validate-group-membership=false",
            "cm.jobs.idle-poll=200ms",
            "cm.jobs.shutdown-grace=1s"
        })
class JobModuleTest {

    static final String ECHO = "echo";
    static final String FLAKY = "flaky";
    static final String BROKEN = "broken";

    @TestConfiguration(proxyBeanMethods = false)
    static class Handlers {

        static final AtomicInteger flakyRuns = new AtomicInteger();

        @Bean
        JobHandler echo() {
            return handler(ECHO, execution -> new JobOutcome(Map.of("said", execution.payload()), () -> {}));
        }

        /** Fails once with a failure a retry may fix, then completes. */
        @Bean
        JobHandler flaky() {
            return handler(FLAKY, execution -> {
                if (flakyRuns.incrementAndGet() == 1) {
                    throw JobFailure.temporary("engine unavailable", new IllegalStateException("gone"));
                }
                return new JobOutcome(Map.of("attempt", execution.attempt()), () -> {});
            });
        }

        @Bean
        JobHandler broken() {
            return handler(BROKEN, execution -> {
                throw JobFailure.permanent("image not found");
            });
        }

        private static JobHandler handler(String type, Function<JobExecution, JobOutcome> run) {
            return new JobHandler() {
                @Override
                public String type() {
                    return type;
                }

                @Override
                public JobOutcome handle(JobExecution execution) {
                    return run.apply(execution);
                }
            };
        }
    }

    /**
     * What the module announced. Scenario's own capture sees only the events of the test's thread, and jobs finish
     * on the workers' threads.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class Announcements {
        final List<JobFinished> finished = new CopyOnWriteArrayList<>();
        final List<JobChanged> changed = new CopyOnWriteArrayList<>();

        @EventListener
        void on(JobFinished event) {
            finished.add(event);
        }

        @EventListener
        void on(JobChanged event) {
            changed.add(event);
        }

        Optional<JobFinished> finishedOf(long owner) {
            return finished.stream().filter(event -> event.ownerId() == owner).findFirst();
        }
    }

    @Autowired
    private JobService jobs;

    @Autowired
    private Announcements announced;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void shouldRunASubmittedJobAndTellTheOtherModules(Scenario scenario) {
        long owner = user();
        scenario.stimulate(() -> jobs.submit(owner, ECHO, Map.of("say", "hi")))
                .andWaitAtMost(Duration.ofSeconds(30))
                .andWaitForStateChange(() -> announced.finishedOf(owner), Optional::isPresent)
                .andVerify(finished -> {
                    assertThat(finished.orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
                    UUID id = finished.get().jobId();
                    assertThat(jobs.get(id, owner).result()).contains("say", "hi");
                });
    }

    @Test
    void shouldAnnounceEveryChangeThroughPostgresNotifications(Scenario scenario) {
        long owner = user();
        // By the job's id: notifications are per database, and other test contexts' jobs (in their own schemas,
        // with owners numbered like ours) are announced here too.
        AtomicReference<UUID> submitted = new AtomicReference<>();
        scenario.stimulate(() -> {
                    submitted.set(jobs.submit(owner, ECHO, Map.of("say", "hello")));
                    return submitted.get();
                })
                .andWaitAtMost(Duration.ofSeconds(30))
                .andWaitForStateChange(
                        () -> announced.changed.stream()
                                .filter(changed -> changed.jobId().equals(submitted.get()))
                                .map(JobChanged::status)
                                .toList(),
                        statuses -> statuses.contains(JobStatus.COMPLETED))
                .andVerify(statuses -> assertThat(statuses)
                        .as("heard from the trigger's notifications, in order")
                        .containsSubsequence(JobStatus.PENDING, JobStatus.RUNNING, JobStatus.COMPLETED));
    }

    @Test
    void shouldRetryAFailureThatARetryMayFix(Scenario scenario) {
        long owner = user();
        scenario.stimulate(() -> jobs.submit(owner, FLAKY, Map.of()))
                .andWaitAtMost(Duration.ofSeconds(30))
                .andWaitForStateChange(() -> announced.finishedOf(owner), Optional::isPresent)
                .andVerify(finished -> {
                    assertThat(finished.orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
                    assertThat(jobs.get(finished.get().jobId(), owner).attempts())
                            .as("the second attempt")
                            .isEqualTo(2);
                });
    }

    @Test
    void shouldFailAJobWhoseFailureNoRetryCanFix(Scenario scenario) {
        long owner = user();
        scenario.stimulate(() -> jobs.submit(owner, BROKEN, Map.of()))
                .andWaitAtMost(Duration.ofSeconds(30))
                .andWaitForStateChange(() -> announced.finishedOf(owner), Optional::isPresent)
                .andVerify(finished -> {
                    assertThat(finished.orElseThrow().status()).isEqualTo(JobStatus.FAILED);
                    assertThat(finished.get().detail()).isEqualTo("image not found");
                    assertThat(jobs.get(finished.get().jobId(), owner).attempts())
                            .as("never retried")
                            .isEqualTo(1);
                });
    }

    private long user() {
        return jdbc.sql("insert into users (username, password_hash) values (:name, 'x') returning id")
                .param("name", "user-" + UUID.randomUUID())
                .query(Long.class)
                .single();
    }
}
