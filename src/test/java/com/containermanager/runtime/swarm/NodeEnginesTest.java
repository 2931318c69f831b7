package com.containermanager.runtime.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.StatsStream;
import com.containermanager.runtime.docker.EngineApi;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class NodeEnginesTest {

    /** A manager nobody answers at: these cases never ask it. */
    private static final NodeEngines NODES = new NodeEngines(
            EngineApi.of("unix:///nonexistent/manager.sock", false, Path.of("")),
            Map.of("n1", "unix:///nonexistent/n1.sock"),
            address -> {
                throw new AssertionError("no engine made");
            });

    private static final NodeEngines.Node N1 =
            new NodeEngines.Node("abc123", "n1", "unix:///run/n1.sock", (ContainerRuntime) null);

    @Test
    void shouldCarryTheNodeInTheExecIdAndRefuseIdsThatAreNotOurs() {
        assertThat(NODES.execId(N1, "e0f1")).isEqualTo("abc123/e0f1");
        for (String notOurs : new String[] {"e0f1", "/e0f1", "abc123/", ""}) {
            assertThatThrownBy(() -> NODES.exec(notOurs))
                    .as(notOurs)
                    .isInstanceOf(EngineNoSuchContainerException.class);
        }
    }

    @Test
    void shouldFindNoContainerForATaskWithoutOne() {
        JsonMapper json = JsonMapper.builder().build();
        assertThat(NODES.containerOf(json.readTree("{\"NodeID\":\"abc123\",\"Status\":{\"State\":\"pending\"}}")))
                .isEmpty();
        assertThat(NODES.containerOf(json.readTree("{\"Status\":{\"ContainerStatus\":{\"ContainerID\":\"c1\"}}}")))
                .isEmpty();
    }

    @Test
    void shouldNameTheNodeWhenItsEngineDoesNotAnswerAndPassOtherErrorsOn() {
        assertThatThrownBy(() -> NodeEngines.on(N1, engine -> {
                    throw new EngineUnavailableException(new java.io.IOException("connection refused"));
                }))
                .isInstanceOf(EngineUnavailableException.class)
                .cause()
                .hasMessage("the engine of swarm node n1 (unix:///run/n1.sock) does not answer: connection refused");
        EngineRefusedException refused = new EngineRefusedException("no", null);
        assertThatThrownBy(() -> NodeEngines.on(N1, engine -> {
                    throw refused;
                }))
                .isSameAs(refused);
    }

    @Test
    void shouldEndAStoppedContainersStatsAfterOneUnsampledSample() {
        try (StatsStream stream = NodeEngines.stopped()) {
            assertThat(stream.next())
                    .satisfies(sample -> assertThat(sample.sampled()).isFalse());
            assertThat(stream.next()).isNull();
        }
    }
}
