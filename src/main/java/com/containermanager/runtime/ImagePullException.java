package com.containermanager.runtime;

/**
 * The image could not be pulled, said in the service's words only: the engine's own text (which can carry what
 * answered on a host and port, an SSH banner say) stays in the service's log.
 */
public final class ImagePullException extends EngineException {

    public enum Reason {
        IMAGE_NOT_FOUND("image not found"),
        REGISTRY_NOT_ALLOWED("registry not allowed"),
        REGISTRY_UNREACHABLE("registry unreachable");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private final Reason reason;

    public ImagePullException(Reason reason) {
        super(reason.message(), null);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
