package com.containermanager.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The stable code of every error answer, from its status and message. One table for the whole API, so that the
 * filters, the security layer and the engine's answers (which only have a message) get the same codes as the typed
 * exceptions. A message that names a request field ("username must be ...", "invalid cursor") gives
 * {@code invalid_<field>}, so that a form can put the error at its field.
 */
public final class ErrorCodes {

    /** Fixed messages of the contract and of the typed failures. */
    private static final Map<String, String> BY_MESSAGE = Map.ofEntries(
            Map.entry("unauthorized", "unauthorized"),
            Map.entry("invalid username or password", "invalid_credentials"),
            Map.entry("permission denied", "permission_denied"),
            Map.entry("request rejected", "request_rejected"),
            Map.entry("container not found", "container_not_found"),
            Map.entry("job not found", "job_not_found"),
            Map.entry("volume not found", "volume_not_found"),
            Map.entry("volume in use", "volume_in_use"),
            Map.entry("file not found", "file_not_found"),
            Map.entry("image not found", "image_not_found"),
            Map.entry("conflict container operation", "conflict_container_operation"),
            Map.entry("username already taken", "username_taken"),
            Map.entry("name taken", "name_taken"),
            Map.entry("registration is closed", "registration_closed"),
            Map.entry("insufficient storage", "insufficient_storage"),
            Map.entry("range not satisfiable", "range_not_satisfiable"),
            Map.entry("container engine unavailable", "engine_unavailable"),
            Map.entry("the container engine refused the operation", "engine_refused"),
            Map.entry("container name in use", "container_name_in_use"),
            Map.entry("container not running", "container_not_running"),
            Map.entry("container lost", "container_lost"),
            Map.entry("registry not allowed", "registry_not_allowed"),
            Map.entry("registry unreachable", "registry_unreachable"),
            Map.entry("image pull timed out", "pull_timed_out"),
            Map.entry("public access not allowed", "public_access_not_allowed"),
            Map.entry("share not found", "share_not_found"),
            Map.entry("internal error", "internal_error"));

    /** Messages with a variable part, by their fixed beginning. */
    private static final Map<String, String> BY_PREFIX = Map.of(
            "file not found: ", "file_not_found",
            "image not allowed in profile ", "image_not_allowed",
            "profile not found", "profile_not_found",
            "file exceeds the upload limit", "upload_too_large",
            "storage quota of ", "quota_exceeded",
            "request body exceeds", "payload_too_large",
            "app unreachable", "app_unreachable");

    /** Request fields a message can be about: its code is invalid_<field>. */
    private static final List<String> FIELDS = List.of(
            "username",
            "password",
            "image",
            "cmd",
            "env",
            "files",
            "workdir",
            "name",
            "lifecycle",
            "tail",
            "since",
            "until",
            "limit",
            "cursor",
            "before",
            "timeout_s",
            "timeout",
            "action",
            "outcome",
            "target",
            "size",
            "volumes",
            "port",
            "access",
            "path",
            "expires_in");

    private static final Pattern INVALID_FIELD = Pattern.compile("^invalid (?:value for )?([a-z_]+)\\b.*");

    /** For the OpenAPI document: the codes a client can count on, besides invalid_<field> and the status names. */
    static final String DOCUMENTED = "unauthorized, invalid_credentials, permission_denied, request_rejected, "
            + "container_not_found, job_not_found, file_not_found, image_not_found, conflict_container_operation, "
            + "volume_not_found, volume_in_use, username_taken, name_taken, image_not_allowed, profile_not_found, lifecycle_too_long, registration_closed, limit_reached (403), too_many_requests (429, with Retry-After), "
            + "upload_too_large, quota_exceeded, payload_too_large, insufficient_storage, range_not_satisfiable, "
            + "engine_unavailable, engine_refused, container_name_in_use, container_not_running, container_lost, "
            + "registry_not_allowed, registry_unreachable, pull_timed_out, public_access_not_allowed, share_not_found, app_unreachable, internal_error; invalid_<field> for a "
            + "refused request field (invalid_username, invalid_image, invalid_cursor ...), invalid_request for "
            + "another refused request; otherwise the status in words (not_found, method_not_allowed ...).";

    private ErrorCodes() {}

    public static String of(HttpStatusCode status, String message) {
        String text = message == null ? "" : message;
        String fixed = BY_MESSAGE.get(text);
        if (fixed != null) {
            return fixed;
        }
        for (Map.Entry<String, String> prefix : BY_PREFIX.entrySet()) {
            if (text.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        if (text.startsWith("limit reached: ")) {
            return status.value() == 429 ? "too_many_requests" : "limit_reached";
        }
        if (status.value() == 400) {
            return invalidField(text);
        }
        return statusCode(status);
    }

    /** The code of a refused field, by name (a validation failure that knows its field). */
    public static String invalid(String field) {
        return "invalid_" + snake(field);
    }

    private static String invalidField(String message) {
        Matcher invalid = INVALID_FIELD.matcher(message);
        if (invalid.matches() && FIELDS.contains(invalid.group(1))) {
            return invalid(invalid.group(1));
        }
        String first = message.split("[ :\\[.]", 2)[0];
        return FIELDS.contains(first) ? invalid(first) : "invalid_request";
    }

    static String statusCode(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == HttpStatus.INTERNAL_SERVER_ERROR) {
            return "internal_error";
        }
        return known == null ? "error" : known.name().toLowerCase(Locale.ROOT);
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replaceAll("[^A-Za-z0-9]+", "_")
                .toLowerCase(Locale.ROOT);
    }
}
