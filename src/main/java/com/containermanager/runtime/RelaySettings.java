package com.containermanager.runtime;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The app proxy's relays (docs/decisions/0002-app-proxy.md, "Reaching containers without egress"): the image each
 * user network without egress gets one container of (scripts/relay-image.sh builds it), and the range the
 * installation's relay network takes its /24 from (the first /24 no other network on the engine holds). It must not
 * overlap containers.network_range.
 */
@Validated
@ConfigurationProperties("cm.relay")
public record RelaySettings(
        @NotBlank String image,

        @NotBlank
        @Pattern(regexp = "(\\d{1,3}\\.){3}\\d{1,3}/(1[6-9]|2[0-4])", message = "must be an IPv4 range of /16 to /24")
        String networkRange) {}
