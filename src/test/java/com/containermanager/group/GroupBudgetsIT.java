package com.containermanager.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.auth.Role;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import com.containermanager.user.Accounts;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A group's budget of running containers holds when its members start containers at once. */
class GroupBudgetsIT extends IntegrationTest {

    private static final int BUDGET = 2;

    @Autowired
    Accounts accounts;

    @Test
    void concurrentStartsOfSeveralMembersStayWithinTheGroupsBudget() throws Exception {
        ApiClient.Session admin = api.newUser("admin");
        accounts.setRole(Long.parseLong(admin.userId()), Role.ADMIN);
        String name = "team-" + admin.userId();
        ApiClient.Response group = api.post(
                "/admin/groups",
                ApiClient.json(Map.of("name", name, "budgets", Map.of("running_containers", BUDGET))),
                admin.token());
        assertThat(group.status()).as(group.body()).isEqualTo(200);
        String groupId = group.json().get("id").asString();

        List<ApiClient.Session> members = new ArrayList<>();
        List<String> containers = new ArrayList<>();
        List<ApiClient.Session> owners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ApiClient.Session member = api.newUser("member");
            assertThat(api.send(api.request("/admin/groups/" + groupId + "/members/" + member.userId(), admin.token())
                                    .PUT(HttpRequest.BodyPublishers.noBody()))
                            .status())
                    .isEqualTo(204);
            members.add(member);
            for (int c = 0; c < 2; c++) {
                containers.add(createContainer(member, List.of("sleep", "300")));
                owners.add(member);
            }
        }
        Instant since = Instant.now();

        List<Integer> statuses = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiClient.Response>> starts = new ArrayList<>();
            for (int i = 0; i < containers.size(); i++) {
                String id = containers.get(i);
                String token = owners.get(i).token();
                starts.add(clients.submit(() -> api.patch("/containers/" + id + "/start", token)));
            }
            for (Future<ApiClient.Response> start : starts) {
                ApiClient.Response answer = start.get();
                statuses.add(answer.status());
                if (answer.status() == 403) {
                    refusals.add(answer.error());
                }
            }
        }
        long started = 0;
        for (String id : containers) {
            started += EngineFixture.count(EngineFixture.events(id, since, Instant.now()), "start");
        }

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(BUDGET);
        assertThat(refusals)
                .hasSize(containers.size() - BUDGET)
                .containsOnly("limit reached: running_containers of group " + name + " (" + BUDGET + ")");
        assertThat(started).as("starts the engine reported").isEqualTo(BUDGET);

        var detail = api.get("/admin/groups/" + groupId, admin.token()).json();
        assertThat(detail.get("usage").get("running_containers").get("used").asLong())
                .isEqualTo(BUDGET);
        assertThat(detail.get("members")).hasSize(members.size());
    }
}
