package com.containermanager.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatusCode;

/** The one error body of the API: {"error": "...", "code": "..."}. */
@Schema(
        description = "Every error answer. `error` is for people (English, short, may change wording); `code` is for "
                + "programs and stays: clients (the dashboard) word the error in their language by it. Codes: "
                + ErrorCodes.DOCUMENTED)
public record ApiError(
        @Schema(example = "username already taken", requiredMode = Schema.RequiredMode.REQUIRED)
        String error,

        @Schema(example = "username_taken", requiredMode = Schema.RequiredMode.REQUIRED)
        String code) {

    /** The body for a status and a message, with the message's code. */
    public static ApiError of(HttpStatusCode status, String message) {
        return new ApiError(message, ErrorCodes.of(status, message));
    }
}
