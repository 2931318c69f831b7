package com.containermanager.container.runtime;

import java.time.Instant;
import java.util.Map;

public record ContainerSummary(String id, String name, String image, String state, Instant createdAt,
        Map<String, String> labels) {
}
