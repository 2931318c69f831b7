package com.containermanager.runtime;

import com.containermanager.platform.DataFolderSettings;
import com.containermanager.platform.Installation;
import com.containermanager.runtime.docker.DockerContainerRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one ContainerRuntime bean: the Docker adapter, timed per operation. */
@Configuration(proxyBeanMethods = false)
class ContainerRuntimeConfiguration {

    @Bean
    ContainerRuntime containerRuntime(
            DockerSettings settings,
            RegistryPolicy registries,
            Installation installation,
            VolumeSettings volumes,
            DataFolderSettings data,
            RelaySettings relays,
            MeterRegistry registry) {
        return new TimedContainerRuntime(
                new DockerContainerRuntime(
                        settings,
                        registries,
                        installation.id().toString(),
                        volumes.directoryIn(data.dataDir()),
                        relays),
                registry);
    }
}
