package com.containermanager.web;

import jakarta.servlet.RequestDispatcher;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * The body of errors on the management port (its own error endpoint reads these attributes): the contract's
 * {"error": "..."} with the status's reason, instead of Boot's timestamp, status, path and message. The API's
 * port answers errors through {@code JsonErrorController}, which does not use them.
 */
@Component
class JsonErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, @Nullable Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE, RequestAttributes.SCOPE_REQUEST);
        int code = status instanceof Integer value ? value : 500;
        HttpStatusCode httpStatus = HttpStatusCode.valueOf(code);
        return Map.of("error", ApiExceptionHandler.reasonOf(httpStatus), "code", ErrorCodes.statusCode(httpStatus));
    }
}
