package com.containermanager.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Commands run to completion in a real container: exit codes, both streams, the cap, the deadline, the audit. */
class ExecIT extends IntegrationTest {

    private ApiClient.Response exec(ApiClient.Session user, String id, Map<String, Object> body) {
        return api.post("/containers/" + id + "/exec", ApiClient.json(body), user.token());
    }

    @Test
    void shouldAnswerExitCodeAndBothStreams() {
        ApiClient.Session user = api.newUser("exec");
        String id = startedContainer(user, List.of("sleep", "3600"));

        ApiClient.Response ran = exec(
                user,
                id,
                Map.of(
                        "cmd", List.of("sh", "-c", "echo hi; echo \"$GREETING in $(pwd)\" >&2; exit 3"),
                        "env", List.of("GREETING=hello"),
                        "workdir", "/tmp"));

        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        JsonNode result = ran.json();
        assertThat(result.get("exit_code").asLong()).isEqualTo(3);
        assertThat(result.get("stdout").asString()).isEqualTo("hi\n");
        assertThat(result.get("stderr").asString()).isEqualTo("hello in /tmp\n");
        assertThat(result.get("truncated").asBoolean()).isFalse();
        assertThat(result.get("timed_out").asBoolean()).isFalse();
        assertThat(exec(user, id, Map.of("cmd", List.of("true")))
                        .json()
                        .get("exit_code")
                        .asLong())
                .isZero();

        String metrics = management.get("/actuator/prometheus", null).body();
        assertThat(metrics)
                .contains("cm_engine_calls_seconds_count{operation=\"exec_create\",outcome=\"success\"}")
                .contains("uri=\"/containers/{id}/exec\"");
        JsonNode audit = api.get("/audit?limit=5", user.token()).json();
        assertThat(audit.toString()).contains("container.exec", "echo hi", "exit 3");
    }

    @Test
    void shouldCutOutputAtTheCapAndSaySo() {
        ApiClient.Session user = api.newUser("exec-cap");
        String id = startedContainer(user, List.of("sleep", "3600"));

        ApiClient.Response ran = exec(user, id, Map.of("cmd", List.of("sh", "-c", "yes | head -c 3000000")));

        assertThat(ran.status()).isEqualTo(200);
        assertThat(ran.json().get("stdout").asString()).hasSize(1024 * 1024);
        assertThat(ran.json().get("truncated").asBoolean()).isTrue();
        assertThat(ran.json().get("exit_code").asLong()).isZero();
    }

    @Test
    void shouldKillACommandAtItsTimeout() {
        ApiClient.Session user = api.newUser("exec-timeout");
        String id = startedContainer(user, List.of("sleep", "3600"));

        ApiClient.Response ran = exec(user, id, Map.of("cmd", List.of("sleep", "777"), "timeout_s", 1));

        assertThat(ran.status()).isEqualTo(200);
        assertThat(ran.json().get("timed_out").asBoolean()).isTrue();
        assertThat(ran.json().get("exit_code").asLong()).isEqualTo(137);
        await().atMost(Duration.ofSeconds(10)).until(() -> !processes(id).contains("sleep 777"));
    }

    @Test
    void shouldRefuseAStoppedContainerAndBadRequests() {
        ApiClient.Session user = api.newUser("exec-stopped");
        String id = createContainer(user, List.of("sleep", "3600"));

        ApiClient.Response stopped = exec(user, id, Map.of("cmd", List.of("true")));
        assertThat(stopped.status()).isEqualTo(409);
        assertThat(stopped.error()).isEqualTo("container not running");

        ApiClient.Response noCmd = exec(user, id, Map.of("cmd", List.of()));
        assertThat(noCmd.status()).isEqualTo(400);
        assertThat(noCmd.error()).isEqualTo("cmd is required");
        ApiClient.Response longTimeout = exec(user, id, Map.of("cmd", List.of("true"), "timeout_s", 100000));
        assertThat(longTimeout.status()).isEqualTo(400);
        assertThat(longTimeout.error()).isEqualTo("timeout_s must be between 1 and 300");
        assertThat(api.get("/audit?limit=1", user.token())
                        .json()
                        .get(0)
                        .get("outcome")
                        .asString())
                .isEqualTo("not_running");
    }

    /** The container's processes as the engine lists them (docker top). */
    static String processes(String containerId) {
        return EngineFixture.docker().topContainerCmd(containerId).exec().getProcesses() == null
                ? ""
                : java.util.Arrays.deepToString(EngineFixture.docker()
                        .topContainerCmd(containerId)
                        .exec()
                        .getProcesses());
    }
}
