package com.containermanager.audit;

import java.util.Locale;

/** How an audited action ended; stored and shown in lower case ("not_found"). */
enum AuditOutcome {
    ACCEPTED,
    OK,
    COMPLETED,
    FAILED,
    CONFLICT,
    NOT_FOUND,
    ENGINE_UNAVAILABLE,
    TIMED_OUT,
    NOT_RUNNING;

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
