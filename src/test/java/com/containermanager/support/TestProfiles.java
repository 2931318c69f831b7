package com.containermanager.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The operator's profiles of the profile and budget tests (ProfilesIT, GroupSizeBudgetsIT), in one place: tests with
 * the same properties share one application context, so a copy that drifts would start a second one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(
        properties = {
            "containers.profiles.small.memory=256MB",
            "containers.profiles.tiny.images[0]=cm-test/*",
            "containers.profiles.tiny.cpus=0.5",
            "containers.profiles.tiny.memory=64MB",
            "containers.profiles.tiny.pids=128",
            "containers.profiles.tiny.read_only=true",
            "containers.profiles.fat.cpus=0.1",
            "containers.profiles.fat.memory=100MB",
            "containers.profiles.gpu.gpus=1",
            "containers.profiles.gpu.groups[0]=research",
            "containers.default_profile=small",
            "limits.running_cpus=2",
            "limits.running_memory=350MB"
        })
public @interface TestProfiles {}
