package com.containermanager.container;

import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.web.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * How a coordinated operation ended, in a form that crosses instances (a NOTIFY payload, a column): success, or the
 * failure the holder's own request got, which a joined request on another instance gets too. Only messages that
 * are ours travel; anything unexpected travels as "failed" and becomes a plain 500.
 */
record OperationOutcome(Kind kind, int status, String message) {

    static final OperationOutcome OK = new OperationOutcome(Kind.OK, 200, "");
    static final OperationOutcome FAILED = new OperationOutcome(Kind.FAILED, 500, "");

    enum Kind {
        OK,
        NOT_FOUND,
        ENGINE_UNAVAILABLE,
        ENGINE_REFUSED,
        API,
        FAILED
    }

    static OperationOutcome of(RuntimeException failure) {
        return switch (failure) {
            case ContainerNotFoundException notFound -> new OperationOutcome(Kind.NOT_FOUND, 404, "");
            case EngineUnavailableException unavailable -> new OperationOutcome(Kind.ENGINE_UNAVAILABLE, 503, "");
            case EngineRefusedException refused -> new OperationOutcome(Kind.ENGINE_REFUSED, 409, text(refused));
            case ApiException api -> new OperationOutcome(Kind.API, api.status().value(), text(api));
            default -> FAILED;
        };
    }

    /** Returns for success; throws what the holder's request got otherwise. */
    void replay() {
        switch (kind) {
            case OK -> {}
            case NOT_FOUND -> throw new ContainerNotFoundException();
            case ENGINE_UNAVAILABLE -> throw new EngineUnavailableException(new ReportedByAnotherInstance());
            case ENGINE_REFUSED -> throw new EngineRefusedException(message, new ReportedByAnotherInstance());
            case API -> throw new RemoteApiException(HttpStatus.valueOf(status), message);
            case FAILED -> throw new IllegalStateException("the operation failed on the instance that ran it");
        }
    }

    String encode() {
        return kind.name() + "\t" + status + "\t" + message;
    }

    static OperationOutcome decode(@Nullable String encoded) {
        if (encoded == null) {
            return FAILED;
        }
        String[] parts = encoded.split("\t", 3);
        try {
            return new OperationOutcome(Kind.valueOf(parts[0]), Integer.parseInt(parts[1]), parts[2]);
        } catch (RuntimeException e) {
            return FAILED;
        }
    }

    /** Tabs separate the fields; NOTIFY payloads must stay well under 8000 bytes. */
    private static String text(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().replace('\t', ' ');
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    /** The cause of a replayed engine failure: the engine was asked by another instance. */
    static final class ReportedByAnotherInstance extends RuntimeException {
        ReportedByAnotherInstance() {
            super("reported by the instance that ran the operation", null, false, false);
        }
    }

    /** One of our own API failures, as the instance that ran the operation answered it. */
    static final class RemoteApiException extends ApiException {
        RemoteApiException(HttpStatus status, String message) {
            super(status, message);
        }
    }
}
