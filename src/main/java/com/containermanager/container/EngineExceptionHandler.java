package com.containermanager.container;

import com.containermanager.runtime.EngineException;
import com.containermanager.web.ApiError;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The engine's failures, in the contract's words, for every endpoint that reaches the engine (containers, logs,
 * stats, exec, events). It lives here rather than in the shared HTTP layer, which knows nothing of the engine; it
 * comes before that layer's handler, whose catch-all would otherwise answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class EngineExceptionHandler {

    @ExceptionHandler(EngineException.class)
    ResponseEntity<ApiError> handleEngineException(EngineException e) {
        EngineErrorResponse answer = EngineErrorResponse.of(e);
        return ResponseEntity.status(answer.status())
                .contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(answer.status(), answer.error()));
    }
}
