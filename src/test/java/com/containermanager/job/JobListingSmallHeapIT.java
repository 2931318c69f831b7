package com.containermanager.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Proof that listing jobs does not load their payloads: Failsafe runs this class in a JVM with a 128 MiB heap (see
 * pom.xml). 1,000 jobs at the largest payload a request may carry (64 KiB of cmd and env) are 64 MiB of payload; a
 * page of 500 would be 32 MiB of it, several times over while it is read and written, and eight clients paging at
 * once could not fit. No worker runs, so the jobs stay as they are.
 */
@DirtiesContext
class JobListingSmallHeapIT extends IntegrationTest {

    private static final int JOBS = 1000;
    private static final int MAX_PAYLOAD = 64 * 1024;

    @DynamicPropertySource
    static void aQueueThatStays(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "job-listing");
        registry.add("jobs.workers", () -> 0);
        registry.add("limits.unfinished_jobs", () -> 0);
        registry.add("limits.containers", () -> 0);
        registry.add("limits.creations_per_minute", () -> 0);
    }

    @Test
    void shouldListAThousandJobsAtTheLargestPayloadPageByPageInASmallHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("the heap this proof relies on")
                .isLessThan(200L * 1024 * 1024);
        ApiClient.Session user = api.newUser("heavy");
        String body = ApiClient.json(Map.of("image", TEST_IMAGE, "cmd", List.of("true"), "env", largestEnv()));
        Set<String> submitted = new HashSet<>(inParallel(4, JOBS, i -> {
            ApiClient.Response accepted = api.post("/containers", body, user.token());
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
            return List.of(accepted.json().get("job_id").asString());
        }));
        assertThat(submitted).hasSize(JOBS);

        List<String> listed = inParallel(8, 8, client -> allPages(user));

        assertThat(listed).hasSize(8 * JOBS);
        assertThat(new HashSet<>(listed)).isEqualTo(submitted);
    }

    /** Every job id of the user, page by page at the largest page size. */
    private List<String> allPages(ApiClient.Session user) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            ApiClient.Response page =
                    api.get("/jobs?limit=500" + (cursor == null ? "" : "&cursor=" + cursor), user.token());
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().forEach(job -> ids.add(job.get("id").asString()));
            cursor = page.header("X-Next-Cursor");
        } while (cursor != null);
        assertThat(ids).hasSize(JOBS);
        return ids;
    }

    /** Two entries of varied letters, "true" included: exactly the most cmd and env may hold together. */
    private static List<String> largestEnv() {
        int half = (MAX_PAYLOAD - "true".length()) / 2;
        return List.of("A=" + letters(half - 2), "B=" + letters(MAX_PAYLOAD - "true".length() - half - 2));
    }

    private static String letters(int n) {
        StringBuilder text = new StringBuilder(n);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** Runs task(0..count-1) on this many threads and collects what they return. */
    private static List<String> inParallel(int threads, int count, Task task) throws Exception {
        List<Callable<List<String>>> calls = IntStream.range(0, count)
                .<Callable<List<String>>>mapToObj(i -> () -> task.run(i))
                .toList();
        List<String> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (Future<List<String>> future : pool.invokeAll(calls)) {
                all.addAll(future.get());
            }
        }
        return all;
    }

    @FunctionalInterface
    private interface Task {
        List<String> run(int index);
    }
}
