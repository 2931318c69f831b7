package com.containermanager.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.TestProfiles;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A group's budgets of running CPUs and memory, by the profiles' sizes, hold when its members start containers at
 * once: each member stays well within their own limits, the group's budget is what refuses. The starts are lined up
 * behind the members' own limit locks, held by the test and let go at once, so that the members' checks meet at
 * the group's lock at the same moment (without that lock, every member's first start passes). The engine's own
 * events count what started. The profiles are ProfilesIT's, so that both share one application context.
 */
@TestProfiles
class GroupSizeBudgetsIT extends IntegrationTest {

    private static final long MIB = 1024 * 1024;
    /** limits.UserLock's lock space: pg_advisory_xact_lock(class, user id). */
    private static final int USER_LOCK_CLASS = 0x4c494d54;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    /**
     * Four members with two containers of 0.5 CPUs each (1 CPU a member, within their own 2) against a group
     * budget of 1.5 CPUs: of eight starts at once, three pass, whichever members they are.
     */
    @Test
    void concurrentStartsOfSeveralMembersStayWithinTheGroupsCpuBudget() throws Exception {
        ApiClient.Session admin = newAdmin("admin");
        String name = "cpus-" + admin.userId();
        String group = group(admin, name, Map.of("running_cpus", 1500L));
        Starts starts = startAtOnce(admin, group, 4, "tiny");

        assertThat(starts.statuses()).filteredOn(status -> status == 200).hasSize(3);
        assertThat(starts.refusals())
                .hasSize(5)
                .containsOnly("limit reached: running_cpus of group " + name + " (1.5)");
        assertThat(starts.started()).as("starts the engine reported").isEqualTo(3);

        JsonNode detail = api.get("/admin/groups/" + group, admin.token()).json();
        assertThat(detail.get("budgets").get("running_cpus").asLong()).isEqualTo(1500);
        assertThat(detail.get("usage").get("running_cpus").get("used").asDouble())
                .isEqualTo(1.5);
        assertThat(detail.get("usage").get("running_cpus").get("limit").asDouble())
                .isEqualTo(1.5);
        assertThat(detail.get("usage").get("running_containers").get("used").asLong())
                .isEqualTo(3);
        assertThat(detail.get("usage").get("running_memory_bytes").get("used").asLong())
                .isEqualTo(3 * 64 * MIB);
        assertThat(detail.get("usage").get("running_memory_bytes").get("limit").asLong())
                .as("no memory budget")
                .isZero();

        // Restart starts a stopped container: the same budget.
        int stopped = starts.statuses().indexOf(403);
        ApiClient.Response restart = api.patch(
                "/containers/" + starts.containers().get(stopped) + "/restart?timeout=0",
                starts.owners().get(stopped).token());
        assertThat(restart.status()).isEqualTo(403);
        assertThat(restart.json().get("code").asString()).isEqualTo("limit_reached");
        assertThat(restart.error()).isEqualTo("limit reached: running_cpus of group " + name + " (1.5)");
    }

    /**
     * Three members with two containers of 100 MB each (200 MB a member, within their own 350 MB) against a group
     * budget of 250 MB: of six starts at once, two pass. Without the budget, the others start.
     */
    @Test
    void concurrentStartsOfSeveralMembersStayWithinTheGroupsMemoryBudget() throws Exception {
        ApiClient.Session admin = newAdmin("admin");
        String name = "memory-" + admin.userId();
        long budget = 250 * MIB;
        String group = group(admin, name, Map.of("running_memory_bytes", budget));
        Starts starts = startAtOnce(admin, group, 3, "fat");

        assertThat(starts.statuses()).filteredOn(status -> status == 200).hasSize(2);
        assertThat(starts.refusals())
                .hasSize(4)
                .containsOnly("limit reached: running_memory_bytes of group " + name + " (" + budget + ")");
        assertThat(starts.started()).as("starts the engine reported").isEqualTo(2);
        JsonNode usage = api.get("/admin/groups/" + group, admin.token()).json().get("usage");
        assertThat(usage.get("running_memory_bytes").get("used").asLong()).isEqualTo(200 * MIB);
        assertThat(usage.get("running_memory_bytes").get("limit").asLong()).isEqualTo(budget);

        Map<String, Object> removed = new HashMap<>();
        removed.put("running_memory_bytes", null);
        ApiClient.Response changed = api.send(api.request("/admin/groups/" + group, admin.token())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(ApiClient.json(Map.of("budgets", removed)))));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("budgets").has("running_memory_bytes")).isFalse();
        int refused = starts.statuses().indexOf(403);
        ApiClient.Response start = api.patch(
                "/containers/" + starts.containers().get(refused) + "/start",
                starts.owners().get(refused).token());
        assertThat(start.status()).as(start.body()).isEqualTo(200);
    }

    @Test
    void aBudgetOfAnUnknownKindIsRefused() {
        ApiClient.Session admin = newAdmin("admin");
        ApiClient.Response made = api.post(
                "/admin/groups",
                ApiClient.json(Map.of("name", "unknown-" + admin.userId(), "budgets", Map.of("running_memory", 1024))),
                admin.token());
        assertThat(made.status()).isEqualTo(400);
        assertThat(made.error())
                .isEqualTo("unknown budget: running_memory"
                        + " (known: running_containers, running_cpus, running_memory_bytes, volume_bytes)");
    }

    /** How many transactions wait for these members' limit locks. */
    private long waitingForTheLocksOf(Set<Long> members) {
        return jdbc.sql("select count(*) from pg_locks where locktype = 'advisory' and not granted "
                        + "and classid::bigint = :class and objid::bigint in (:members) and objsubid = 2")
                .param("class", USER_LOCK_CLASS)
                .param("members", members)
                .query(Long.class)
                .single();
    }

    private String group(ApiClient.Session admin, String name, Map<String, Long> budgets) {
        ApiClient.Response made =
                api.post("/admin/groups", ApiClient.json(Map.of("name", name, "budgets", budgets)), admin.token());
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        return made.json().get("id").asString();
    }

    /** What starting every container of the members at once gave, in the order of the containers. */
    private record Starts(
            List<String> containers,
            List<ApiClient.Session> owners,
            List<Integer> statuses,
            List<String> refusals,
            long started) {}

    /**
     * New members of the group with two containers of the profile each, all started at once by their owners: while
     * the test holds the members' limit locks, every start gets as far as waiting for its member's lock; then the
     * locks go at once.
     */
    private Starts startAtOnce(ApiClient.Session admin, String group, int members, String profile) throws Exception {
        List<String> containers = new ArrayList<>();
        List<ApiClient.Session> owners = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            ApiClient.Session member = api.newUser("member");
            assertThat(api.send(api.request("/admin/groups/" + group + "/members/" + member.userId(), admin.token())
                                    .PUT(HttpRequest.BodyPublishers.noBody()))
                            .status())
                    .isEqualTo(204);
            for (int c = 0; c < 2; c++) {
                JsonNode job = createAndAwait(
                        member, Map.of("image", TEST_IMAGE, "cmd", List.of("sleep", "300"), "profile", profile));
                assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
                containers.add(job.get("result").get("container_id").asString());
                owners.add(member);
            }
        }
        Set<Long> memberIds =
                owners.stream().map(owner -> Long.parseLong(owner.userId())).collect(Collectors.toSet());
        Instant since = Instant.now();
        List<ApiClient.Response> answers = new ArrayList<>();
        try (Connection held = dataSource.getConnection();
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            held.setAutoCommit(false);
            for (long member : memberIds) {
                try (PreparedStatement lock = held.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
                    lock.setInt(1, USER_LOCK_CLASS);
                    lock.setInt(2, (int) member);
                    lock.executeQuery().close();
                }
            }
            List<Future<ApiClient.Response>> starts = new ArrayList<>();
            for (int i = 0; i < containers.size(); i++) {
                String id = containers.get(i);
                String token = owners.get(i).token();
                starts.add(clients.submit(() -> api.patch("/containers/" + id + "/start", token)));
            }
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> waitingForTheLocksOf(memberIds) == containers.size());
            held.commit();
            for (Future<ApiClient.Response> start : starts) {
                answers.add(start.get());
            }
        }
        long started = 0;
        for (String id : containers) {
            started += EngineFixture.count(EngineFixture.events(id, since, Instant.now()), "start");
        }
        return new Starts(
                containers,
                owners,
                answers.stream().map(ApiClient.Response::status).toList(),
                answers.stream()
                        .filter(answer -> answer.status() == 403)
                        .map(ApiClient.Response::error)
                        .toList(),
                started);
    }
}
