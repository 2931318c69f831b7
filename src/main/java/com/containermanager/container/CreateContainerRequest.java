package com.containermanager.container;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

        @ArraySchema(
                arraySchema =
                        @Schema(
                                example = "[{\"volume\": \"data\", \"path\": \"/data\", \"read_only\": false}]",
                                description = "The caller's volumes (GET /volumes) to mount, each at a path under "
                                        + "volumes.mount_prefixes; 404 volume not found for any other name"))
        @Size(max = 16, message = "volumes has more than 16 entries")
        @Nullable
        List<@NotNull(message = "volumes entries must be objects") @Valid VolumeRequest> volumes) {

    /** Only the profile's and files' constructor: no volumes. */
    public CreateContainerRequest(
            String image,
            @Nullable List<String> cmd,
            @Nullable List<String> env,
            @Nullable List<String> files,
            @Nullable String name,
            @Nullable String profile) {
        this(image, cmd, env, files, name, profile, null);
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
