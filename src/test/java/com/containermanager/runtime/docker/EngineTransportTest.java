package com.containermanager.runtime.docker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.platform.StartupRefusal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An engine is reached the way DOCKER_HOST and the TLS settings say, on every call, or the service does not start. */
class EngineTransportTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {"ssh://me@host", "npipe:////./pipe/docker_engine", "https://127.0.0.1:2376", "tcp://", "::"})
    void shouldRefuseAtStartUpAnAddressItCannotServeEveryCallOn(String host) {
        assertThatThrownBy(() -> EngineTransport.of(host, false, dir))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageStartingWith("docker.host (DOCKER_HOST)")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldRefuseAtStartUpTlsWithoutDockersThreeFiles() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "");

        assertThatThrownBy(() -> EngineTransport.of("tcp://127.0.0.1:2376", true, dir))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("cert.pem cannot be read")
                .hasMessageContaining("DOCKER_CERT_PATH");
    }

    @Test
    void shouldRefuseAtStartUpTlsFilesThatAreNotPem() throws Exception {
        for (String name : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
            Files.writeString(dir.resolve(name), "not a certificate");
        }

        assertThatThrownBy(() -> EngineTransport.of("tcp://127.0.0.1:2376", true, dir))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("could not be used");
    }

    @Test
    void shouldTakeAUnixSocketOrPlainTcpWithoutFiles() {
        assertThatCode(() -> EngineTransport.of("unix:///var/run/docker.sock", false, dir))
                .doesNotThrowAnyException();
        assertThatCode(() -> EngineTransport.of("tcp://127.0.0.1:2375", false, dir))
                .doesNotThrowAnyException();
    }
}
