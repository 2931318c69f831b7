package com.containermanager.container;

import com.containermanager.auth.AuthenticatedUser;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "containers", description = "The caller's own containers")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@RestController
class ProfileController {

    private final Profiles profiles;
    private final LifecycleSettings lifecycle;

    ProfileController(Profiles profiles, LifecycleSettings lifecycle) {
        this.profiles = profiles;
        this.lifecycle = lifecycle;
    }

    @Operation(
            summary = "The profiles the caller may create containers with",
            description = "The operator's profiles (containers.profiles), those open to the caller's groups: the "
                    + "images each allows and the size it gives a container. POST /containers takes one by name.")
    @ApiResponse(responseCode = "200", description = "OK")
    @GetMapping("/profiles")
    List<ProfileResponse> list(@AuthenticationPrincipal AuthenticatedUser user) {
        return profiles.usableBy(user.id()).stream()
                .map(profile -> ProfileResponse.of(
                        profile,
                        profile.name().equals(profiles.defaultName()),
                        profile.policy(lifecycle.policy()),
                        profile.busyCpuPercent(lifecycle.busyCpuPercent())))
                .toList();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProfileResponse(
            @Schema(example = "small") String name,

            @JsonProperty("default") @Schema(description = "Whether a creation without a profile gets this one")
            boolean isDefault,

            @Schema(example = "1") double cpus,
            @Schema(example = "1073741824") long memoryBytes,

            @Schema(example = "1024", description = "Processes")
            long pids,

            @Schema(example = "0") int gpus,
            boolean readOnly,

            @Schema(
                    example = "[\"python:*\", \"docker.io/jupyter/*\"]",
                    description = "Image patterns (* any run of characters); empty: every image")
            List<String> images,

            @Schema(
                    description =
                            "Whether its containers' network reaches beyond the host (null: the operator's default,"
                                    + " containers.egress)",
                    allowableValues = {"allowed", "none"})
            @Nullable
            String egress,

            @Schema(description = "Its containers stop after this long without activity (ISO-8601; PT0S: never)")
            String idleStopAfter,

            @Schema(description = "Its containers stop after running this long, however busy (ISO-8601; PT0S: never)")
            String maxLifetime,

            @Schema(description = "Its containers are removed after this long stopped (ISO-8601; PT0S: never)")
            String deleteAfterStopped,

            @Schema(description = "Its owners are warned this long before a stop (ISO-8601; PT0S: no warning)")
            String warnBefore,

            @Schema(
                    example = "0",
                    description = "A container due for an idle stop that uses at least this much CPU (percent of "
                            + "one CPU, as docker stats shows it) is not stopped, its own use counting as activity "
                            + "(0: off)")
            double busyCpuPercent) {

        /** The profile with its effective lifecycle policy (its own values, else the lifecycle.* settings). */
        static ProfileResponse of(
                Profiles.Profile profile, boolean isDefault, LifecyclePolicy policy, double busyCpuPercent) {
            return new ProfileResponse(
                    profile.name(),
                    isDefault,
                    profile.size().cpus(),
                    profile.size().memoryBytes(),
                    profile.size().pidsLimit(),
                    profile.size().gpus(),
                    profile.size().readOnly(),
                    profile.images(),
                    profile.egress(),
                    policy.idleStopAfter().toString(),
                    policy.maxLifetime().toString(),
                    policy.deleteAfterStopped().toString(),
                    policy.warnBefore().toString(),
                    busyCpuPercent);
        }
    }
}
