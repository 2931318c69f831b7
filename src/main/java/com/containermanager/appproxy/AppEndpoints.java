package com.containermanager.appproxy;

import com.containermanager.runtime.ContainerAddresses;
import com.containermanager.runtime.ContainerRuntime;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where this host reaches each container, asked of the engine at most once per {@link #CACHED} per container (a
 * proxied request costs no engine call), and again at once after a connection to it failed (restarted elsewhere,
 * stopped).
 */
@Component
class AppEndpoints {

    static final Duration CACHED = Duration.ofSeconds(5);
    private final ContainerRuntime runtime;
    private final Cache<String, Optional<ContainerAddresses>> cache =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHED).build();

    AppEndpoints(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    Optional<ContainerAddresses> of(String containerId) {
        return cache.get(containerId, runtime::addresses);
    }

    void forget(String containerId) {
        cache.invalidate(containerId);
    }
}
