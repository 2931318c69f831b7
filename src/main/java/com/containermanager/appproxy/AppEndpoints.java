package com.containermanager.appproxy;

import com.containermanager.runtime.ContainerRoute;
import com.containermanager.runtime.ContainerRuntime;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where this host reaches each container (directly, or through its network's relay), asked of the engine at most
 * once per {@link #CACHED} per container (a proxied request costs no engine call), and again at once after a
 * connection to it failed (restarted elsewhere, stopped, its relay gone: asking again makes it anew).
 */
@Component
class AppEndpoints {

    static final Duration CACHED = Duration.ofSeconds(5);
    private final ContainerRuntime runtime;
    private final Cache<String, Optional<ContainerRoute>> cache =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHED).build();

    AppEndpoints(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    Optional<ContainerRoute> of(String containerId) {
        return cache.get(containerId, runtime::route);
    }

    void forget(String containerId) {
        cache.invalidate(containerId);
    }
}
