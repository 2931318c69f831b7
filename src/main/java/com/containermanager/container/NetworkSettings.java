package com.containermanager.container;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The users' networks: whether they reach outside the host (egress, {@code allowed} or {@code none}; a profile's own
 * egress wins), the range their subnets are cut from (range, CIDR) and the size of each (prefix: a /26 holds 61
 * containers besides the engine's gateway address). Used when containers.network is empty.
 */
@Validated
@ConfigurationProperties("cm.networks")
public record NetworkSettings(
        @Pattern(regexp = "allowed|none", message = "must be allowed or none")
        String egress,

        @NotBlank String range,
        @Min(16) @Max(29) int prefix) {}
