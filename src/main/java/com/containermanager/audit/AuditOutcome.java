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
    ENGINE_UNAVAILABLE;

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
