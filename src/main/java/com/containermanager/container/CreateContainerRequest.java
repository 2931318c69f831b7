package com.containermanager.container;

import com.containermanager.web.BadRequestException;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Only these fields exist, so nothing else (privileges, mounts, devices, networks) can reach the engine. */
@Schema(
        description = "What to run: an image, and optionally its name, command, environment and files",
        example = "{\"name\": \"web\", \"image\": \"alpine\", \"cmd\": [\"tail\", \"-f\", \"/dev/null\"], \"env\": []}")
public record CreateContainerRequest(
        @Schema(example = "alpine", description = "Image reference; pulled only when not present locally")
        @NotBlank(message = "image is required")
        String image,

        @ArraySchema(
                arraySchema =
                        @Schema(
                                example = "[\"tail\", \"-f\", \"/dev/null\"]",
                                description = "Command and arguments; the image's default when absent"))
        @Size(max = 256, message = "cmd has more than 256 entries")
        List<
                        @NotNull(message = "cmd entries must be strings")
                        @Size(max = 65536, message = "cmd entry too long") String>
                cmd,

        @ArraySchema(arraySchema = @Schema(example = "[]", description = "KEY=VALUE entries"))
        @Size(max = 256, message = "env has more than 256 entries")
        List<
                        @NotNull(message = "env entries must be KEY=VALUE")
                        @Pattern(regexp = "[^=\\x00\\s]+=[^\\x00]*", message = "env entries must be KEY=VALUE")
                        @Size(max = 65536, message = "env entry too long") String>
                env,

        @ArraySchema(
                arraySchema =
                        @Schema(
                                example = "[\"notes.txt\"]",
                                description = "Names of the caller's files to copy into the container, under /files/"))
        @Size(max = 64, message = "files has more than 64 entries")
        List<@NotNull(message = "files entries must be file names") String> files,

        @Schema(
                example = "web",
                description = "The container's name among the caller's own containers (1 to 63 of a-z, 0-9, - and _, "
                        + "starting with a letter or digit); every /containers/{id} path takes it as well as the id. "
                        + "A readable one (adjective-noun-NN) is picked when absent.")
        @Pattern(regexp = ContainerName.REGEX, message = ContainerName.RULE)
        @Nullable
        String name,

        @Schema(
                example = "small",
                description = "One of the profiles of GET /profiles: the images it allows and the container's size; "
                        + "the default profile when absent")
        @Size(max = 63, message = "profile not found")
        @Nullable
        String profile,

        @Schema(
                description = "A lifecycle policy of the container's own, shorter than its profile's (GET /profiles): "
                        + "each value given must be at most the profile's (any, where the profile's is off); a value "
                        + "left out is the profile's. Longer than the profile allows: 400 lifecycle_too_long.")
        @Nullable
        Lifecycle lifecycle,

        @ArraySchema(
                arraySchema =
                        @Schema(
                                example = "[{\"volume\": \"data\", \"path\": \"/data\", \"read_only\": false}]",
                                description = "The caller's volumes (GET /volumes) to mount, each at a path under "
                                        + "volumes.mount_prefixes; 404 volume not found for any other name"))
        @Size(max = 16, message = "volumes has more than 16 entries")
        @Nullable
        List<@NotNull(message = "volumes entries must be objects") @Valid VolumeRequest> volumes) {

    /** The request without a lifecycle policy of its own and without volumes. */
    public CreateContainerRequest(
            String image,
            @Nullable List<String> cmd,
            @Nullable List<String> env,
            @Nullable List<String> files,
            @Nullable String name,
            @Nullable String profile) {
        this(image, cmd, env, files, name, profile, null, null);
    }

    /** The longest duration an owner may ask for where the profile sets none: ten years. */
    static final Duration LONGEST = Duration.ofDays(3650);

    /** A container's own policy as asked: ISO-8601 durations, as GET /profiles shows them. */
    @Schema(
            name = "AskedLifecycle",
            description = "A container's own lifecycle policy, as asked at creation: durations in ISO-8601 (PT30M, "
                    + "PT8H, P7D), each at least PT1S and at most the profile's",
            example = "{\"idle_stop_after\": \"PT30M\"}")
    public record Lifecycle(
            @Schema(example = "PT30M", description = "Stop after this long without activity") @Nullable
            String idleStopAfter,

            @Schema(example = "PT8H", description = "Stop after running this long, however busy") @Nullable
            String maxLifetime,

            @Schema(example = "P7D", description = "Remove after being stopped this long") @Nullable
            String deleteAfterStopped) {

        /** The policy asked for (zero for each part not given); 400 for a value that is not a duration. */
        public LifecyclePolicy asked() {
            return LifecyclePolicy.asked(
                    duration(LifecyclePolicy.Part.IDLE_STOP_AFTER, idleStopAfter),
                    duration(LifecyclePolicy.Part.MAX_LIFETIME, maxLifetime),
                    duration(LifecyclePolicy.Part.DELETE_AFTER_STOPPED, deleteAfterStopped));
        }

        private static Duration duration(LifecyclePolicy.Part part, @Nullable String value) {
            if (value == null) {
                return Duration.ZERO;
            }
            String field = "lifecycle." + part.field();
            Duration parsed;
            try {
                parsed = Duration.parse(value);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new BadRequestException(field + " must be an ISO-8601 duration such as PT30M");
            }
            if (parsed.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new BadRequestException(field + " must be at least PT1S");
            }
            if (parsed.compareTo(LONGEST) > 0) {
                throw new BadRequestException(field + " must be at most " + LONGEST);
            }
            return parsed;
        }
    }

    /** One volume mount of a creation. */
    public record VolumeRequest(
            @Schema(example = "data") @NotBlank(message = "volumes entries need a volume")
            String volume,

            @Schema(example = "/data", description = "An absolute path under one of volumes.mount_prefixes")
            @NotBlank(message = "volumes entries need a path")
            @Size(max = 4096, message = "volumes path too long")
            String path,

            @Schema(description = "Mount it read-only (false when absent)") @Nullable
            Boolean readOnly) {}
}
