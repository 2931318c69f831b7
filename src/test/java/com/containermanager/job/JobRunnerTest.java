package com.containermanager.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.containermanager.job.spi.JobExecution;
import com.containermanager.job.spi.JobFailure;
import com.containermanager.job.spi.JobHandler;
import com.containermanager.job.spi.JobOutcome;
import com.containermanager.platform.RelaxedCommits;
import com.containermanager.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.TransientDataAccessResourceException;
import tools.jackson.databind.json.JsonMapper;

/** How a run ends and what is recorded for it, with a stub handler: no Docker, no database. */
class JobRunnerTest {

    private static final String CLAIM = "instance/claim";
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private final JobRepository jobs = mock(JobRepository.class);
    private final RelaxedCommits relaxed = mock(RelaxedCommits.class);
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Object> published = new ArrayList<>();
    private final JobSettings settings = new JobSettings(
            1,
            Duration.ofSeconds(30),
            Duration.ofSeconds(2),
            Duration.ofMinutes(5),
            Duration.ofSeconds(10),
            Duration.ofDays(7));
    private Function<JobExecution, JobOutcome> handler;
    private final AtomicBoolean leaseHeld = new AtomicBoolean(true);

    @BeforeEach
    void inlineTransactions() {
        given(relaxed.run(any()))
                .willAnswer(call -> call.<Supplier<?>>getArgument(0).get());
        given(relaxed.runRelaxedByFirstStatement(any()))
                .willAnswer(call -> call.<Supplier<?>>getArgument(0).get());
    }

    private JobRunner runner() {
        JobHandler stub = new JobHandler() {
            @Override
            public String type() {
                return "stub";
            }

            @Override
            public JobOutcome handle(JobExecution execution) {
                return handler.apply(execution);
            }
        };
        return new JobRunner(
                jobs,
                List.of(stub),
                settings,
                JsonMapper.builder().build(),
                clock,
                relaxed,
                published::add,
                claim -> leaseHeld.get());
    }

    private static Job job(String type, int attempts, Instant createdAt) {
        return new Job(UUID.randomUUID(), 7, type, "{}", attempts, createdAt);
    }

    @Test
    void shouldCompleteRecordTheHandlersRowsAndPublishTheOutcomeTogether() {
        Job job = job("stub", 1, NOW);
        AtomicBoolean recorded = new AtomicBoolean();
        handler = execution -> new JobOutcome(Map.of("container_id", "abc"), () -> recorded.set(true));
        given(jobs.complete(job.id(), CLAIM, "{\"container_id\":\"abc\"}")).willReturn(true);

        runner().run(job, CLAIM, () -> true);

        assertThat(recorded).isTrue();
        assertThat(published).containsExactly(new JobFinished(job.id(), 7, "stub", JobStatus.COMPLETED, "abc"));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void shouldSayInItsOneCompletionLineWhatTheJobMadeAndHowLongItTook(CapturedOutput output) {
        Job job = job("stub", 1, NOW);
        handler = execution -> new JobOutcome(Map.of("container_id", "abc"), () -> {});
        given(jobs.complete(job.id(), CLAIM, "{\"container_id\":\"abc\"}")).willReturn(true);

        runner().run(job, CLAIM, () -> true);

        assertThat(output.getOut())
                .containsPattern("Job completed: stub \\{container_id=abc} \\(attempt 1, \\d+ ms\\)");
    }

    @Test
    void shouldRecordNothingOfItsOwnWhenTheLeaseWasLost() {
        Job job = job("stub", 1, NOW);
        AtomicBoolean recorded = new AtomicBoolean();
        handler = execution -> new JobOutcome(Map.of("container_id", "abc"), () -> recorded.set(true));
        given(jobs.complete(any(), anyString(), anyString())).willReturn(false);

        runner().run(job, CLAIM, () -> true);

        assertThat(recorded).isFalse();
        assertThat(published).isEmpty();
    }

    @Test
    void shouldFailAtOnceOnAPermanentFailureWithItsMessage() {
        Job job = job("stub", 1, NOW);
        handler = execution -> {
            throw JobFailure.permanent("image not found: nope");
        };
        given(jobs.fail(job.id(), CLAIM, "image not found: nope")).willReturn(true);

        runner().run(job, CLAIM, () -> true);

        assertThat(published)
                .containsExactly(new JobFinished(job.id(), 7, "stub", JobStatus.FAILED, "image not found: nope"));
        verify(jobs, never()).retryLater(any(), anyString(), any(), anyString());
    }

    @Test
    void shouldRetryATransientFailureAfterABackoffThatDoubles() {
        handler = execution -> {
            throw JobFailure.temporary("container engine unavailable", null);
        };
        Job first = job("stub", 1, NOW);
        Job third = job("stub", 3, NOW);

        runner().run(first, CLAIM, () -> true);
        runner().run(third, CLAIM, () -> true);

        verify(jobs).retryLater(first.id(), CLAIM, Duration.ofMillis(500), "container engine unavailable");
        verify(jobs).retryLater(third.id(), CLAIM, Duration.ofSeconds(2), "container engine unavailable");
        assertThat(published).isEmpty();
    }

    @Test
    void shouldGiveUpOnATransientFailureOnceTheRetryWindowHasPassed() {
        Job job = job("stub", 9, NOW.minus(Duration.ofMinutes(6)));
        handler = execution -> {
            throw JobFailure.temporary("container engine unavailable", null);
        };
        given(jobs.fail(any(), anyString(), anyString())).willReturn(true);

        runner().run(job, CLAIM, () -> true);

        verify(jobs).fail(job.id(), CLAIM, "container engine unavailable (gave up after 300 s)");
    }

    @Test
    void shouldHandATransientFailureBackAtOnceWhileShuttingDown() {
        Job job = job("stub", 1, NOW);
        handler = execution -> {
            throw JobFailure.temporary("container engine unavailable", null);
        };

        runner().run(job, CLAIM, () -> false);

        verify(jobs).release(CLAIM);
        verify(jobs, never()).retryLater(any(), anyString(), any(), anyString());
    }

    @Test
    void shouldRetryWhenTheDatabaseHiccups() {
        Job job = job("stub", 1, NOW);
        handler = execution -> {
            throw new TransientDataAccessResourceException("connection reset");
        };

        runner().run(job, CLAIM, () -> true);

        verify(jobs).retryLater(job.id(), CLAIM, Duration.ofMillis(500), "database unavailable");
    }

    @Test
    void shouldFailWithoutDetailsOnAnUnexpectedError() {
        Job job = job("stub", 1, NOW);
        handler = execution -> {
            throw new IllegalStateException("select * from secrets");
        };

        runner().run(job, CLAIM, () -> true);

        verify(jobs).fail(job.id(), CLAIM, "internal error");
    }

    @Test
    void shouldFailAJobOfATypeNobodyHandles() {
        Job job = job("mystery", 1, NOW);

        runner().run(job, CLAIM, () -> true);

        verify(jobs).fail(job.id(), CLAIM, "unknown job type mystery");
    }

    @Test
    void shouldThrottleProgressWritesButAlwaysWriteTheLast() {
        Job job = job("stub", 1, NOW);
        handler = execution -> {
            execution.reportProgress(10, 100);
            execution.reportProgress(20, 100);
            execution.reportProgress(100, 100);
            return new JobOutcome(Map.of(), () -> {});
        };

        runner().run(job, CLAIM, () -> true);

        verify(jobs).progress(job.id(), CLAIM, 10, 100);
        verify(jobs, never()).progress(job.id(), CLAIM, 20, 100);
        verify(jobs).progress(job.id(), CLAIM, 100, 100);
    }

    @Test
    void shouldRecordNoOutcomeOnceTheLeaseCouldNotBeRenewed() {
        Job job = job("stub", 1, NOW);
        AtomicBoolean recorded = new AtomicBoolean();
        handler = execution -> {
            leaseHeld.set(false); // renewals failed while the handler worked
            return new JobOutcome(Map.of("container_id", "abc"), () -> recorded.set(true));
        };

        runner().run(job, CLAIM, () -> true);

        verify(jobs, never()).complete(any(), any(), any());
        assertThat(recorded).isFalse();
        assertThat(published).isEmpty();
    }

    @Test
    void shouldStopBeforeAnIrreversibleStepOnceTheLeaseCouldNotBeRenewed() {
        Job job = job("stub", 1, NOW);
        AtomicBoolean removed = new AtomicBoolean();
        handler = execution -> {
            leaseHeld.set(false);
            execution.ensureClaimed();
            removed.set(true); // e.g. removing a container the next worker may already have recorded
            throw JobFailure.permanent("files missing");
        };

        runner().run(job, CLAIM, () -> true);

        assertThat(removed).isFalse();
        verify(jobs, never()).fail(any(), any(), any());
        verify(jobs, never()).retryLater(any(), any(), any(), any());
        assertThat(published).isEmpty();
    }
}
