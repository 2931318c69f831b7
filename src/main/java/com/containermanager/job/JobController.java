package com.containermanager.job;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.web.Page;
import com.containermanager.web.PageBefore;
import com.containermanager.web.PageRequest;
import com.containermanager.web.PagedResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "jobs", description = "Asynchronous work, such as container creation")
@ApiResponse(responseCode = "401", description = "Missing or invalid token")
@RestController
class JobController {

    /** "Before" when the client gives none: later than any job, and still a time PostgreSQL can hold. */
    private static final Instant NO_LIMIT = Instant.parse("9999-12-31T00:00:00Z");

    private final JobService jobs;
    private final JsonMapper json;

    JobController(JobService jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    @Operation(summary = "One of the caller's jobs")
    @ApiResponse(responseCode = "200", description = "The job")
    @ApiResponse(responseCode = "404", description = "No such job of the caller's")
    @GetMapping("/jobs/{id}")
    JobResponse get(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String id) {
        UUID jobId;
        try {
            jobId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new JobNotFoundException();
        }
        return toResponse(jobs.get(jobId, user.id()));
    }

    @Operation(summary = "The caller's jobs, newest first")
    @ApiResponse(responseCode = "200", description = "OK")
    @GetMapping("/jobs")
    ResponseEntity<List<JobResponse>> list(
            @AuthenticationPrincipal AuthenticatedUser user,
            @ParameterObject @Valid PageRequest page,
            @Parameter(description = "Only jobs created before this RFC 3339 time, years 0001 to 9999")
                    @RequestParam(required = false)
                    @Nullable
                    Instant before) {
        Page<JobView> found =
                jobs.list(user.id(), page.size(), before == null ? NO_LIMIT : PageBefore.check(before), page.cursor());
        return PagedResponse.of(found.map(this::toResponse), "/jobs", page);
    }

    private JobResponse toResponse(JobView job) {
        JobResult result = job.result() == null ? null : json.readValue(job.result(), JobResult.class);
        JobResponse.Progress progress = job.progressCurrent() == null
                ? null
                : new JobResponse.Progress(
                        job.progressCurrent(), job.progressTotal() == null ? 0 : job.progressTotal());
        return new JobResponse(
                job.id().toString(),
                job.type(),
                job.status().value(),
                result,
                job.error(),
                progress,
                job.createdAt(),
                job.updatedAt());
    }
}
