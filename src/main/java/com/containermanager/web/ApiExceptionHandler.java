package com.containermanager.web;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The one place that turns failures into the contract's {"error": "..."} bodies: our typed exceptions, every
 * exception Spring MVC raises itself (404, 405, 415, 400 ...), and anything unexpected (500, logged, not shown).
 * The engine's failures are mapped by the container module, which owns the endpoints that reach the engine.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /**
     * JSON whatever the request accepted: a client asking for text/event-stream or NDJSON (logs, stats, events)
     * still gets the contract's error body, not a 406.
     */
    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> handleApiException(ApiException e) {
        return ResponseEntity.status(e.status())
                .headers(e.headers())
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(e.getMessage(), e.code()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> handleTypeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest()
                .body(new ApiError("invalid value for " + e.getName(), ErrorCodes.invalid(e.getName())));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> handleUnexpected(Exception e) {
        log.error("Unhandled failure", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ApiError.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal error"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(ApiError.of(HttpStatus.BAD_REQUEST, describeUnreadableBody(e)));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldError field = e.getBindingResult().getFieldError();
        // A query value of the wrong type (?limit=abc) is a binding failure: its message is the converter's.
        String message = field == null
                ? "invalid request"
                : field.isBindingFailure() ? "invalid value for " + field.getField() : field.getDefaultMessage();
        String code = field == null ? "invalid_request" : ErrorCodes.invalid(field.getField());
        return ResponseEntity.badRequest().body(new ApiError(message, code));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String message = e.getAllErrors().stream()
                .findFirst()
                .map(error -> error.getDefaultMessage())
                .orElse("invalid request");
        return ResponseEntity.badRequest().body(ApiError.of(HttpStatus.BAD_REQUEST, message));
    }

    /** Every other exception Spring MVC handles itself ends here: keep its status, replace the body. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(status)
                .headers(headers)
                .body(new ApiError(reasonOf(status), ErrorCodes.statusCode(status)));
    }

    static String reasonOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error" : known.getReasonPhrase().toLowerCase(Locale.ROOT);
    }

    private static String describeUnreadableBody(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLargeException tooLarge) {
                return tooLarge.getMessage();
            }
        }
        Throwable cause = e.getCause();
        if (cause instanceof MismatchedInputException mismatch) {
            return mismatch.getPath().isEmpty()
                    ? "request body must be a JSON object"
                    : fieldPath(mismatch) + " has the wrong type";
        }
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            return "invalid value for " + fieldPath(databind);
        }
        if (cause instanceof JacksonException) {
            return "malformed JSON body";
        }
        return "request body is missing or unreadable";
    }

    private static String fieldPath(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
