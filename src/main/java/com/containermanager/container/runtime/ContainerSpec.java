package com.containermanager.container.runtime;

import java.util.List;
import java.util.Map;

/** Everything that reaches the engine on create: image, command, environment, name and labels; nothing more. */
public record ContainerSpec(
        String name, String image, List<String> cmd, List<String> env, Map<String, String> labels) {}
