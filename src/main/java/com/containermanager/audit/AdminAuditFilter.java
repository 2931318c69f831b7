package com.containermanager.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What an admin narrows the whole trail to; null: any. action matches as a prefix ("admin." for every admin action). */
record AdminAuditFilter(
        @Nullable Long userId,
        @Nullable Long actorId,
        @Nullable String action,
        @Nullable String outcome,
        @Nullable Instant since,
        @Nullable Instant until) {}
