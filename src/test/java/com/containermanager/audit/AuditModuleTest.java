package com.containermanager.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.container.ContainerOperationCompleted;
import com.containermanager.container.LifecycleOperation;
import com.containermanager.job.JobFinished;
import com.containermanager.job.JobStatus;
import com.containermanager.support.SharedPostgresSchema;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.TestPropertySource;

/**
 * The audit module alone (with platform, for its database), fed the application events of the modules it listens
 * to: what each becomes in the audit trail. The module boundaries themselves are ModularityTest's.
 */
@ApplicationModuleTest(extraIncludes = "platform", verifyAutomatically = false)
@SharedPostgresSchema
// readiness names the engine's health, which belongs to a module this test leaves out
@TestPropertySource(properties = "management.endpoint.health.validate-group-membership=false")
class AuditModuleTest {

    private static final String CONTAINER = "b63595e69fa5377cb565ece4b962118a544e82c0c101e6ccd5c1cb12b79e6f65";

    @Autowired
    private AuditTrail audit;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void shouldRecordAnAnsweredLifecycleRequest(Scenario scenario) {
        long owner = user();
        scenario.publish(new ContainerOperationCompleted(
                        owner, LifecycleOperation.STOP, CONTAINER, ContainerOperationCompleted.Outcome.OK, null))
                .andWaitForStateChange(() -> entries(owner), entries -> !entries.isEmpty())
                .andVerify(entries -> {
                    assertThat(entries).singleElement().satisfies(entry -> {
                        assertThat(entry.action()).isEqualTo("container.stop");
                        assertThat(entry.target()).isEqualTo(CONTAINER);
                        assertThat(entry.outcome()).isEqualTo("ok");
                    });
                });
    }

    @Test
    void shouldCountRefusalsOfOneKindInOneEntryAnHour(Scenario scenario) {
        long owner = user();
        for (int i = 0; i < 3; i++) {
            scenario.publish(new ContainerOperationCompleted(
                            owner,
                            LifecycleOperation.START,
                            "(invalid id)",
                            ContainerOperationCompleted.Outcome.NOT_FOUND,
                            null))
                    .andWaitForStateChange(() -> entries(owner), entries -> !entries.isEmpty());
        }

        assertThat(entries(owner)).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo("not_found");
            assertThat(entry.repeats()).as("three refusals, one row").isEqualTo(3);
        });
    }

    @Test
    void shouldRecordAJobsOutcomeWithItsError(Scenario scenario) {
        long owner = user();
        UUID job = UUID.randomUUID();
        scenario.publish(new JobFinished(job, owner, "container_creation", JobStatus.FAILED, "image not found"))
                .andWaitForStateChange(() -> entries(owner), entries -> !entries.isEmpty())
                .andVerify(entries -> assertThat(entries).singleElement().satisfies(entry -> {
                    assertThat(entry.action()).isEqualTo("job.container_creation");
                    assertThat(entry.target()).isEqualTo(job.toString());
                    assertThat(entry.outcome()).isEqualTo("failed");
                    assertThat(entry.detail()).isEqualTo("image not found");
                }));
    }

    private List<AuditEvent> entries(long owner) {
        return audit.list(owner, 10, Long.MAX_VALUE, new AuditFilter(null, null, null, null));
    }

    private long user() {
        return jdbc.sql("insert into users (username, password_hash) values (:name, 'x') returning id")
                .param("name", "user-" + UUID.randomUUID())
                .query(Long.class)
                .single();
    }
}
