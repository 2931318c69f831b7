package com.containermanager.runtime;

import com.containermanager.platform.DataFolderSettings;
import com.containermanager.platform.Installation;
import com.containermanager.runtime.docker.DockerContainerRuntime;
import com.containermanager.runtime.swarm.SwarmContainerRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one ContainerRuntime bean, timed per operation: the Docker adapter, or under runtime.kind: swarm the Swarm
 * adapter (experimental: lifecycle, logs, users' networks, volumes, exec, stats and copy-in), which makes the Docker adapter's pulls on the manager's engine.
 */
@Configuration(proxyBeanMethods = false)
class ContainerRuntimeConfiguration {

    @Bean
    ContainerRuntime containerRuntime(
            RuntimeSettings kind,
            DockerSettings settings,
            RegistryPolicy registries,
            Installation installation,
            VolumeSettings volumes,
            DataFolderSettings data,
            RelaySettings relays,
            MeterRegistry registry) {
        DockerContainerRuntime docker = new DockerContainerRuntime(
                settings,
                registries,
                installation.id().toString(),
                volumes.directoryIn(data.dataDir()),
                volumes.limitOrHard(),
                relays);
        if (kind.kind().equals(RuntimeSettings.SWARM)) {
            return new TimedContainerRuntime(
                    new SwarmContainerRuntime(
                            settings,
                            installation.id().toString(),
                            docker,
                            kind.nodes(),
                            relays,
                            volumes.directoryIn(data.dataDir()),
                            volumes.limitOrHard()),
                    registry);
        }
        return new TimedContainerRuntime(docker, registry);
    }
}
