package com.containermanager.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Writes {"error": ...} straight to a servlet response, for the places that run before Spring MVC (filters, security). */
public final class JsonErrorWriter {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonErrorWriter() {}

    public static void write(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream()
                .write(MAPPER.writeValueAsBytes(ApiError.of(HttpStatusCode.valueOf(status), message)));
        response.flushBuffer();
    }

    /** The body as text, for writers that are not servlet responses (Tomcat's error report). */
    static String json(HttpStatusCode status, String message) {
        return MAPPER.writeValueAsString(ApiError.of(status, message));
    }
}
