package com.containermanager.job;

import java.util.Locale;

public enum JobStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
