package com.containermanager.support;

import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.runtime.ContainerLabels;
import com.containermanager.runtime.ContainerRuntime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A container with a terminal, which the API does not create: made straight through the engine with the labels the
 * service gives its own, and recorded as the user's, so that the service treats it as one of theirs.
 */
public final class TtyContainers {

    private TtyContainers() {}

    public static String startedFor(
            OwnershipRepository ownership, ContainerRuntime runtime, ApiClient.Session user, List<String> cmd) {
        UUID job = UUID.randomUUID();
        String id = EngineFixture.docker()
                .createContainerCmd(IntegrationTest.TEST_IMAGE)
                .withName(ContainerLabels.nameFor(job))
                .withTty(true)
                .withCmd(cmd)
                .withLabels(Map.of(
                        ContainerLabels.MANAGED,
                        "true",
                        ContainerLabels.OWNER,
                        user.userId(),
                        IntegrationTest.TEST_LABEL,
                        IntegrationTest.RUN_ID))
                .exec()
                .getId();
        EngineFixture.docker().startContainerCmd(id).exec();
        ownership.recordOnce(
                id,
                Long.parseLong(user.userId()),
                null, // no job made it: the row's job reference stays empty
                "tty-" + id.substring(0, 8),
                IntegrationTest.TEST_IMAGE,
                cmd,
                List.<String>of(),
                runtime.engineId(),
                "small",
                new com.containermanager.runtime.ContainerSize(1, 1L << 30, 1024, 0, false),
                com.containermanager.container.LifecyclePolicy.OFF);
        return id;
    }
}
