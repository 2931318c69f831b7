package com.containermanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Every error answer gets a stable code: by its fixed message, by the field it is about, else by its status. */
class ErrorCodesTest {

    @Test
    void fixedMessagesHaveTheirOwnCodes() {
        assertThat(ErrorCodes.of(HttpStatus.CONFLICT, "username already taken")).isEqualTo("username_taken");
        assertThat(ErrorCodes.of(HttpStatus.UNAUTHORIZED, "unauthorized")).isEqualTo("unauthorized");
        assertThat(ErrorCodes.of(HttpStatus.NOT_FOUND, "container not found")).isEqualTo("container_not_found");
        assertThat(ErrorCodes.of(HttpStatus.CONFLICT, "conflict container operation"))
                .isEqualTo("conflict_container_operation");
        assertThat(ErrorCodes.of(HttpStatus.BAD_GATEWAY, "registry unreachable"))
                .isEqualTo("registry_unreachable");
    }

    @Test
    void messagesWithAVariablePartKeepOneCode() {
        assertThat(ErrorCodes.of(HttpStatus.FORBIDDEN, "limit reached: containers (5)"))
                .isEqualTo("limit_reached");
        assertThat(ErrorCodes.of(HttpStatus.TOO_MANY_REQUESTS, "limit reached: log_follows (8)"))
                .isEqualTo("too_many_requests");
        assertThat(ErrorCodes.of(HttpStatus.BAD_REQUEST, "file not found: notes.txt"))
                .isEqualTo("file_not_found");
        assertThat(ErrorCodes.of(HttpStatus.CONTENT_TOO_LARGE, "storage quota of 100 bytes exceeded"))
                .isEqualTo("quota_exceeded");
    }

    @Test
    void aRefusedFieldNamesItsField() {
        assertThat(ErrorCodes.of(HttpStatus.BAD_REQUEST, "password must be 8 to 72 bytes"))
                .isEqualTo("invalid_password");
        assertThat(ErrorCodes.of(HttpStatus.BAD_REQUEST, "invalid image reference"))
                .isEqualTo("invalid_image");
        assertThat(ErrorCodes.of(HttpStatus.BAD_REQUEST, "invalid value for limit"))
                .isEqualTo("invalid_limit");
        assertThat(ErrorCodes.of(HttpStatus.BAD_REQUEST, "env entries must be KEY=VALUE"))
                .isEqualTo("invalid_env");
        assertThat(ErrorCodes.of(HttpStatus.BAD_REQUEST, "malformed JSON body")).isEqualTo("invalid_request");
        assertThat(ErrorCodes.invalid("timeoutS")).isEqualTo("invalid_timeout_s");
    }

    @Test
    void otherwiseTheStatusInWords() {
        assertThat(ErrorCodes.of(HttpStatus.NOT_FOUND, "not found")).isEqualTo("not_found");
        assertThat(ErrorCodes.of(HttpStatus.METHOD_NOT_ALLOWED, "method not allowed"))
                .isEqualTo("method_not_allowed");
        assertThat(ErrorCodes.of(HttpStatus.INTERNAL_SERVER_ERROR, "something")).isEqualTo("internal_error");
    }
}
