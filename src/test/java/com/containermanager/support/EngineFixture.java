package com.containermanager.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.util.List;
import java.util.Map;

/**
 * The engine as the tests see it, straight through docker-java rather than the service's port: what containers
 * carry a label, and what labels a container has. Independent of the code under test on purpose.
 */
public final class EngineFixture {

    private static final DockerClient DOCKER = connect();

    private EngineFixture() {}

    private static DockerClient connect() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    public static DockerClient docker() {
        return DOCKER;
    }

    /** Ids of every container, running or not, that carries this label with this value. */
    public static List<String> containersLabelled(String key, String value) {
        return DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(key, value)).exec().stream()
                .map(container -> container.getId())
                .toList();
    }

    public static Map<String, String> labelsOf(String containerId) {
        return DOCKER.inspectContainerCmd(containerId).exec().getConfig().getLabels();
    }

    /** Removes, forced; a container already gone is fine. */
    public static void remove(String containerId) {
        try {
            DOCKER.removeContainerCmd(containerId).withForce(true).exec();
        } catch (NotFoundException e) {
            // gone already
        }
    }
}
