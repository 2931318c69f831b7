package com.containermanager.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.platform.StartupRefusal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {

    @Test
    void shouldDefaultToDockerAndReadSwarmNodes() {
        assertThat(new RuntimeSettings("", "").kind()).isEqualTo(RuntimeSettings.DOCKER);
        RuntimeSettings swarm =
                new RuntimeSettings(" Swarm ", "n1=unix:///run/s/n1/docker.sock, n2 = tcp://10.0.0.2:2376");
        assertThat(swarm.kind()).isEqualTo(RuntimeSettings.SWARM);
        assertThat(swarm.nodes()).isEqualTo(Map.of("n1", "unix:///run/s/n1/docker.sock", "n2", "tcp://10.0.0.2:2376"));
    }

    @Test
    void shouldRefuseAnUnknownKindAndMalformedNodes() {
        assertThatThrownBy(() -> new RuntimeSettings("kubernetes", ""))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("runtime.kind (RUNTIME_KIND) must be docker or swarm");
        assertThatThrownBy(() -> new RuntimeSettings("swarm", "n1=http://x"))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("runtime.swarm.nodes (RUNTIME_SWARM_NODES)");
    }
}
