package com.containermanager.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.platform.RelaxedCommits;
import com.containermanager.support.SqlTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The job queue's SQL on PostgreSQL: fair claims, claims that never overlap, writes guarded by the lease, paging.
 * The schema is this class's alone; each test starts with an empty queue.
 */
@SqlTest
@Import(JobRepository.class)
class JobRepositorySqlTest {

    private static final String TYPE = "test_job";
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Autowired
    private JobRepository jobs;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private RelaxedCommits relaxed;

    @BeforeEach
    void emptyQueue() {
        jdbc.sql("delete from jobs").update();
    }

    @Test
    void shouldClaimForTheOwnerWithFewestRunningBeforeAnOlderBacklog() {
        long busy = user();
        long other = user();
        List<UUID> backlog = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            backlog.add(submit(busy));
        }
        UUID late = submit(other);

        Job first = claimNext("w1");
        Job second = claimNext("w2");

        assertThat(first.id()).as("the oldest job of owners with none running").isEqualTo(backlog.getFirst());
        assertThat(second.id())
                .as("the other owner has none running: its job before the rest of the backlog")
                .isEqualTo(late);
        assertThat(claimNext("w3").id()).isEqualTo(backlog.get(1));
    }

    @Test
    void shouldNeverGiveOneJobToTwoConcurrentWorkers() throws Exception {
        long owner = user();
        Set<UUID> submitted = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 30; i++) {
            submitted.add(submit(owner));
        }
        Map<UUID, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
            for (int w = 0; w < 6; w++) {
                String worker = "worker-" + w;
                workers.add(threads.submit(() -> {
                    start.await();
                    Optional<Job> job;
                    while ((job = jobs.claim(worker, LEASE)).isPresent()) {
                        if (submitted.contains(job.get().id())
                                && claimedBy.putIfAbsent(job.get().id(), worker) != null) {
                            doubles.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        }

        assertThat(doubles).as("no job claimed twice").hasValue(0);
        assertThat(claimedBy.keySet()).as("every job claimed once").isEqualTo(submitted);
    }

    @Test
    void shouldRelaxTheCommitOfTheTransactionItCompletesIn() {
        long owner = user();
        UUID id = submit(owner);
        claimNext("w1");

        String setting = relaxed.runRelaxedByFirstStatement(() -> {
            // The test database may commit relaxed anyway: this transaction starts fully synchronous.
            jdbc.sql("select set_config('synchronous_commit', 'on', true)")
                    .query(String.class)
                    .single();
            assertThat(jobs.complete(id, "w1", "{}")).isTrue();
            // What the transaction's commit reads: the statement set it for the rest of the transaction.
            return jdbc.sql("select current_setting('synchronous_commit')")
                    .query(String.class)
                    .single();
        });

        assertThat(setting).isEqualTo("off");
    }

    @Test
    void shouldLetAnExpiredLeaseGoToAnotherWorkerAndRefuseTheFirstOnesOutcome() {
        long owner = user();
        UUID id = submit(owner);
        Job stalled = claimUntil(id, "stalled", Duration.ofMillis(200));

        Job takenOver = await().atMost(Duration.ofSeconds(10))
                .until(() -> claimUntil(id, "successor", LEASE), job -> job != null);

        assertThat(takenOver.attempts()).isEqualTo(stalled.attempts() + 1);
        assertThat(jobs.complete(id, "stalled", "{}"))
                .as("the stalled worker lost its lease")
                .isFalse();
        assertThat(jobs.complete(id, "successor", "{\"container_id\": \"c\"}")).isTrue();
        JobView done = jobs.findForOwner(id, owner).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.result()).contains("\"container_id\"");
        assertThat(jdbc.sql("select payload::text from jobs where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .as("a finished job keeps no payload")
                .isEqualTo("{}");
    }

    @Test
    void shouldHoldARetriedJobBackUntilItIsDue() {
        long owner = user();
        UUID id = submit(owner);
        claimUntil(id, "w", LEASE);

        assertThat(jobs.retryLater(id, "w", Duration.ofMinutes(5), "engine unavailable"))
                .isTrue();

        assertThat(claimUntil(id, "w2", LEASE)).as("not due for five minutes").isNull();
        JobView pending = jobs.findForOwner(id, owner).orElseThrow();
        assertThat(pending.status()).isEqualTo(JobStatus.PENDING);
        assertThat(pending.error()).isEqualTo("engine unavailable");
        assertThat(jobs.countUnfinished(owner, TYPE)).isEqualTo(1);
    }

    @Test
    void shouldPageAnOwnersJobsNewestFirstWithoutGapsOrRepeats() {
        long owner = user();
        List<UUID> submitted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            submitted.add(submit(owner));
        }
        submit(user()); // another owner's job is never listed

        List<UUID> listed = new ArrayList<>();
        JobRepository.Position after = start();
        List<JobView> page;
        while (!(page = jobs.listForOwner(owner, 3, Instant.parse("9999-12-31T00:00:00Z"), after)).isEmpty()) {
            page.forEach(job -> listed.add(job.id()));
            JobView last = page.getLast();
            after = new JobRepository.Position(last.createdAt(), last.id());
        }

        assertThat(listed).as("every job once").hasSize(7).containsExactlyInAnyOrderElementsOf(submitted);
        assertThat(listed)
                .as("in the order of one page holding them all")
                .containsExactlyElementsOf(
                        jobs.listForOwner(owner, 100, Instant.parse("9999-12-31T00:00:00Z"), start()).stream()
                                .map(JobView::id)
                                .toList());
    }

    /** The claim of this job, the only one in the queue; null while it is not runnable. */
    private @Nullable Job claimUntil(UUID id, String worker, Duration lease) {
        Optional<Job> job = jobs.claim(worker, lease);
        job.ifPresent(claimed -> assertThat(claimed.id()).isEqualTo(id));
        return job.orElse(null);
    }

    private Job claimNext(String worker) {
        return jobs.claim(worker, LEASE).orElseThrow();
    }

    private UUID submit(long owner) {
        UUID id = UUID.randomUUID();
        jobs.insert(id, owner, TYPE, "{\"image\": \"busybox\"}");
        return id;
    }

    private long user() {
        return jdbc.sql("insert into users (username, password_hash) values (:name, 'x') returning id")
                .param("name", "user-" + UUID.randomUUID())
                .query(Long.class)
                .single();
    }

    /** Before the newest job: where the first page starts. */
    private static JobRepository.Position start() {
        return new JobRepository.Position(
                Instant.parse("9999-12-31T00:00:00Z"), UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"));
    }
}
