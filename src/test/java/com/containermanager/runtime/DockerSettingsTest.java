package com.containermanager.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.platform.StartupRefusal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

class DockerSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"host", "HOST", " host ", "container:db", "container:4f3c2b"})
    void shouldRefuseNetworksSharedWithTheHostOrAnotherContainer(String network) {
        assertThatThrownBy(() -> settings(network))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageStartingWith("containers.network (CONTAINERS_NETWORK) must not be")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "none", "bridge", "users-net"})
    void shouldAcceptOtherNetworks(String network) {
        assertThatCode(() -> settings(network)).doesNotThrowAnyException();
    }

    private static DockerSettings settings(String network) {
        return new DockerSettings(
                "unix:///var/run/docker.sock",
                Map.of(),
                DataSize.ofGigabytes(1),
                1024,
                network,
                Duration.ofMinutes(10),
                1,
                false,
                DataSize.ofMegabytes(10),
                3,
                false,
                null);
    }
}
