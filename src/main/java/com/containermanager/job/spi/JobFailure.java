package com.containermanager.job.spi;

import org.jspecify.annotations.Nullable;

/** A handler's failure, with whether retrying could help; the message is shown to the job's owner. */
public final class JobFailure extends RuntimeException {

    private final boolean retryable;

    private JobFailure(String message, boolean retryable, @Nullable Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public static JobFailure permanent(String message) {
        return new JobFailure(message, false, null);
    }

    public static JobFailure temporary(String message, Throwable cause) {
        return new JobFailure(message, true, cause);
    }

    public boolean retryable() {
        return retryable;
    }
}
