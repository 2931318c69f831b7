package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host configuration every user container gets, as the engine reports it. */
class HostConfigurationIT extends IntegrationTest {

    @Test
    void shouldLimitCpusAndLogsAndDropRawNetworking() {
        ApiClient.Session user = api.newUser("host-config");
        String id = createContainer(user, List.of("true"));

        HostConfig host = EngineFixture.docker().inspectContainerCmd(id).exec().getHostConfig();

        assertThat(host.getNanoCPUs()).as("containers.cpus, 1 by default").isEqualTo(1_000_000_000L);
        assertThat(host.getCapDrop()).contains(Capability.NET_RAW);
        assertThat(host.getLogConfig().getType().getType()).isEqualTo("json-file");
        assertThat(host.getLogConfig().getConfig())
                .containsEntry("max-size", "10m")
                .containsEntry("max-file", "3");
        assertThat(host.getReadonlyRootfs())
                .as("containers.read_only, off by default")
                .isNotEqualTo(Boolean.TRUE);
        assertThat(host.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(host.getSecurityOpts()).contains("no-new-privileges");
    }
}
