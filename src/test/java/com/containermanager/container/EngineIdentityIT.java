package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Ownership rows name the engine their container lives on; only that engine can make the service forget one. */
@ExtendWith(OutputCaptureExtension.class)
class EngineIdentityIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void shouldRecordTheEnginesOwnIdWithEachContainer() {
        ApiClient.Session user = api.newUser("engine");
        String id = createContainer(user, List.of("sleep", "3600"));

        assertThat(engineOf(id))
                .isEqualTo(EngineFixture.docker().infoCmd().exec().getId())
                .isNotBlank();
    }

    @Test
    void shouldLeaveRowsOfAnotherEngineAloneAndSaySoInTheLog(CapturedOutput output) {
        ApiClient.Session user = api.newUser("foreign");
        String id = createContainer(user, List.of("sleep", "3600"));
        String ownEngine = engineOf(id);
        setEngine(id, "another-engine-id");
        // This engine no longer has it: were the row its own, listing would forget it.
        EngineFixture.remove(id);

        assertThat(api.get("/containers", user.token()).json().size()).isZero();
        assertThat(api.get("/containers/" + id, user.token()).status()).isEqualTo(503);
        assertThat(api.delete("/containers/" + id, user.token()).status()).isEqualTo(503);
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(503);
        assertThat(rows(id)).as("the row is left alone").isEqualTo(1);
        assertThat(output.getAll()).contains("lives on engine another-engine-id", "check DOCKER_HOST");

        setEngine(id, ownEngine);
        assertThat(api.get("/containers", user.token()).json().size()).isZero();
        assertThat(rows(id)).as("its own engine says it is gone: forgotten").isZero();
    }

    @Test
    void shouldAdoptARowWrittenBeforeEngineIdentityWhenItsContainerIsHere() {
        ApiClient.Session user = api.newUser("older");
        String id = createContainer(user, List.of("sleep", "3600"));
        String ownEngine = engineOf(id);
        setEngine(id, null);

        assertThat(api.get("/containers", user.token()).json().size()).isEqualTo(1);
        assertThat(engineOf(id)).isEqualTo(ownEngine);
    }

    @Test
    void shouldKeepARowOfUnknownEngineWhoseContainerIsNotHere() {
        ApiClient.Session user = api.newUser("unknown");
        String id = createContainer(user, List.of("sleep", "3600"));
        setEngine(id, null);
        EngineFixture.remove(id);

        assertThat(api.get("/containers", user.token()).json().size()).isZero();
        assertThat(rows(id)).as("no engine has said it is gone").isEqualTo(1);
    }

    private String engineOf(String id) {
        return jdbc.sql("select engine_id from containers where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    private void setEngine(String id, String engine) {
        jdbc.sql("update containers set engine_id = :engine where id = :id")
                .param("engine", engine)
                .param("id", id)
                .update();
    }

    private long rows(String id) {
        return jdbc.sql("select count(*) from containers where id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }
}
