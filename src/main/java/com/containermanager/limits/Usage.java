package com.containermanager.limits;

import io.swagger.v3.oas.annotations.media.Schema;

/** How much of a limit a user uses; a limit of 0 means "no limit". */
public record Usage(
        @Schema(example = "3") long used,
        @Schema(example = "50", description = "0: no limit") long limit) {}
