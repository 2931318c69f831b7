package com.containermanager.job;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Jobs of one type a user submitted within a window: how many, and when the first of them was (null: none). */
public record SubmissionCount(long count, @Nullable Instant first) {}
