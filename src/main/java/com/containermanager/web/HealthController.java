package com.containermanager.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Health on the API's port, for load balancers and orchestrators: the status only. The Actuator itself, with the
 * details (engine version, database) and the metrics, is served on the management port, on loopback by default;
 * it cannot keep multi-segment paths such as /actuator/health/readiness on this port, hence these three mappings.
 * Each check behind them runs at most once a second.
 */
@Tag(name = "health", description = "Status for load balancers and probes; details are on the management port")
@SecurityRequirements
@RestController
class HealthController {

    private final HealthEndpoint health;
    private final HttpCodeStatusMapper statusCodes;

    HealthController(HealthEndpoint health, HttpCodeStatusMapper statusCodes) {
        this.health = health;
        this.statusCodes = statusCodes;
    }

    @Operation(summary = "Whether the service, PostgreSQL and the container engine are up")
    @ApiResponse(responseCode = "200", description = "UP")
    @ApiResponse(responseCode = "503", description = "DOWN: PostgreSQL or the engine does not answer")
    @GetMapping("/actuator/health")
    ResponseEntity<HealthStatus> health() {
        return answer(health.health());
    }

    @Operation(summary = "Liveness: the process is alive")
    @ApiResponse(responseCode = "200", description = "UP")
    @ApiResponse(responseCode = "503", description = "DOWN")
    @GetMapping("/actuator/health/liveness")
    ResponseEntity<HealthStatus> liveness() {
        return answer(health.healthForPath("liveness"));
    }

    @Operation(summary = "Readiness: PostgreSQL and the engine answer, so requests can be served")
    @ApiResponse(responseCode = "200", description = "UP")
    @ApiResponse(responseCode = "503", description = "DOWN: PostgreSQL or the engine does not answer")
    @GetMapping("/actuator/health/readiness")
    ResponseEntity<HealthStatus> readiness() {
        return answer(health.healthForPath("readiness"));
    }

    private ResponseEntity<HealthStatus> answer(@Nullable HealthDescriptor descriptor) {
        if (descriptor == null) {
            throw new IllegalStateException("health group missing");
        }
        return ResponseEntity.status(statusCodes.getStatusCode(descriptor.getStatus()))
                .body(new HealthStatus(descriptor.getStatus().getCode()));
    }

    @Schema(description = "The status, and nothing else")
    record HealthStatus(
            @Schema(allowableValues = {"UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN"})
            String status) {}
}
