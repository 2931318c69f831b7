package com.containermanager.runtime.docker;

import com.containermanager.runtime.EngineContainerNotRunningException;
import com.containermanager.runtime.EngineException;
import com.containermanager.runtime.EngineNoSuchContainerException;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The engine's error answers, as the port's exceptions. */
final class EngineErrors {

    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private EngineErrors() {}

    /** The engine's own words: the "message" of its JSON error, or the body as it is. */
    static String messageOf(String body) {
        Matcher matcher = MESSAGE.matcher(body);
        return matcher.find() ? matcher.group(1) : body.strip();
    }

    static EngineException of(int status, String body) {
        String message = messageOf(body);
        if (status == 404) {
            return new EngineNoSuchContainerException("(" + message + ")");
        }
        if (status == 409 && message.toLowerCase(java.util.Locale.ROOT).contains("not running")) {
            return new EngineContainerNotRunningException();
        }
        return refusedOrUnavailable(status, message, "the engine refused the request: ");
    }

    /** A 5xx without a word is the engine in trouble (503); anything else it said is a refusal in its words. */
    static EngineException refusedOrUnavailable(int status, String message, String refusal) {
        if (status >= 500 && message.isEmpty()) {
            return new EngineUnavailableException(new java.io.IOException("engine answered " + status));
        }
        return new EngineRefusedException(refusal + message, null);
    }
}
