package com.containermanager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryPolicyTest {

    @ParameterizedTest
    @CsvSource({
        "alpine, docker.io",
        "alpine:3.20, docker.io",
        "library/alpine, docker.io",
        "cm-test/busybox:latest, docker.io",
        "docker.io/library/alpine, docker.io",
        "index.docker.io/library/alpine, docker.io",
        "localhost/app, localhost",
        "localhost:5000/app, localhost:5000",
        "127.0.0.1:22/x, 127.0.0.1:22",
        "Registry.Example.com/team/app:1, registry.example.com",
        "LOCALHOST/x, localhost",
        "INTRANET/x, intranet",
        "Intranet:5000/team/app, intranet:5000",
        "team/app:Tag1, docker.io",
        "ghcr.io/owner/app@sha256:0000000000000000000000000000000000000000000000000000000000000000, ghcr.io"
    })
    void shouldNameTheRegistryAsTheEngineDoes(String image, String registry) {
        assertThat(ImageReference.parse(image).registry()).isEqualTo(registry);
    }

    @Test
    void shouldAllowDockerHubOnlyByDefault() {
        RegistryPolicy policy = new RegistryPolicy(new RegistrySettings(List.of("docker.io"), null));

        assertThat(policy.allows("alpine")).isTrue();
        assertThat(policy.allows("cm-test/busybox:latest")).isTrue();
        assertThat(policy.allows("127.0.0.1:22/x")).isFalse();
        assertThat(policy.allows("localhost:5000/app")).isFalse();
        assertThat(policy.allows("10.0.0.1:5000/app")).isFalse();
        assertThat(policy.allows("registry.example.com/app")).isFalse();
        assertThat(policy.allows("not a reference")).isFalse();
        assertThat(policy.allows("LOCALHOST/x"))
                .as("Docker pulls it from the host localhost")
                .isFalse();
        assertThat(policy.allows("INTRANET/x"))
                .as("Docker pulls it from the host intranet")
                .isFalse();
        assertThat(policy.allows("Team/app")).isFalse();
    }

    @Test
    void shouldJudgeAnUpperCaseHostAsTheHostItNames() {
        RegistryPolicy policy = new RegistryPolicy(new RegistrySettings(List.of("intranet"), null));

        assertThat(policy.allows("INTRANET/x")).isTrue();
        assertThat(policy.allows("intranet/x"))
                .as("lower case: a Docker Hub path")
                .isFalse();
    }

    @Test
    void shouldAllowAPrivateRegistryOnlyWithItsExactHostAndPort() {
        RegistryPolicy policy = new RegistryPolicy(new RegistrySettings(List.of(" 10.0.0.5:5000 ", "Docker.io"), null));

        assertThat(policy.allows("10.0.0.5:5000/team/app")).isTrue();
        assertThat(policy.allows("10.0.0.5:5001/team/app")).isFalse();
        assertThat(policy.allows("10.0.0.5/team/app")).isFalse();
        assertThat(policy.allows("alpine")).isTrue();
    }

    @Test
    void shouldReadCredentialsOnlyForAllowedRegistries(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), """
                {"auths": {
                  "https://index.docker.io/v1/": {"auth": "aHViOnNlY3JldA=="},
                  "registry.example.com": {"username": "team", "password": "p:w"},
                  "not-allowed.example.com": {"auth": "eDp5"}}}""");
        RegistryPolicy policy =
                new RegistryPolicy(new RegistrySettings(List.of("docker.io", "registry.example.com"), file));

        assertThat(policy.credentialsFor("docker.io")).contains(new RegistryPolicy.Credentials("hub", "secret"));
        assertThat(policy.credentialsFor("registry.example.com"))
                .contains(new RegistryPolicy.Credentials("team", "p:w"));
        assertThat(policy.credentialsFor("not-allowed.example.com")).isEmpty();
    }
}
