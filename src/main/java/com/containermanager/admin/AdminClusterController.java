package com.containermanager.admin;

import com.containermanager.cluster.ClusterSession;
import com.containermanager.job.JobService;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.ManagedContainer;
import com.containermanager.runtime.RuntimeNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "admin")
@RestController
class AdminClusterController {

    private final ClusterSession cluster;
    private final JobService jobs;
    private final ContainerRuntime runtime;

    AdminClusterController(ClusterSession cluster, JobService jobs, ContainerRuntime runtime) {
        this.cluster = cluster;
        this.jobs = jobs;
        this.runtime = runtime;
    }

    record ClusterResponse(List<InstanceResponse> instances, JobsResponse jobs, EngineResponse engine) {}

    record InstanceResponse(
            @Schema(example = "4a1b2c3d4e5f6a7b") String id,

            @Schema(description = "When its database session began")
            Instant since,

            @Schema(description = "The instance that answered")
            boolean thisOne) {}

    record JobsResponse(long pending, long running) {}

    record EngineResponse(
            @Schema(allowableValues = {"up", "down"}) String status,
            @Schema(example = "20.10.24") @Nullable String version,

            @Schema(description = "Under runtime.kind swarm, the swarm's nodes; empty on one engine")
            List<NodeResponse> nodes) {}

    record NodeResponse(
            @Schema(example = "node-2", description = "The host name it joined with")
            String name,

            @Schema(example = "ready", description = "As the swarm's managers see it: ready, down, unknown, ...")
            String state,

            @Schema(allowableValues = {"manager", "worker"}) String role,

            @Schema(description = "This installation's containers on it (running, or pinned there while stopped)")
            long containers) {}

    @Operation(summary = "The installation: instances alive, jobs queued, the engine's health as this instance sees it")
    @ApiResponse(responseCode = "200", description = "The state")
    @ApiResponse(responseCode = "403", description = "permission denied (not an admin), or missing scope: admin")
    @GetMapping("/admin/cluster")
    ClusterResponse state() {
        List<InstanceResponse> instances = cluster.aliveInstances().stream()
                .map(instance -> new InstanceResponse(instance.id(), instance.since(), instance.thisOne()))
                .toList();
        JobService.QueueCounts queue = jobs.queue();
        EngineResponse engine;
        try {
            engine = new EngineResponse("up", runtime.version(), nodes());
        } catch (RuntimeException e) {
            engine = new EngineResponse("down", null, List.of());
        }
        return new ClusterResponse(instances, new JobsResponse(queue.pending(), queue.running()), engine);
    }

    /** The runtime's nodes with how many of our containers each has (none on one engine: no listing then). */
    private List<NodeResponse> nodes() {
        List<RuntimeNode> nodes;
        Map<String, Long> perNode;
        try {
            nodes = runtime.nodes();
            if (nodes.isEmpty()) {
                return List.of();
            }
            perNode = runtime.listManaged().stream()
                    .filter(container -> container.node() != null)
                    .collect(Collectors.groupingBy(ManagedContainer::node, Collectors.counting()));
        } catch (RuntimeException e) {
            // The engine answered its version: it is up, whatever its node listing said.
            return List.of();
        }
        return nodes.stream()
                .map(node -> new NodeResponse(
                        node.name(),
                        node.state(),
                        node.manager() ? "manager" : "worker",
                        perNode.getOrDefault(node.name(), 0L)))
                .toList();
    }
}
