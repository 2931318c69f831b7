package com.containermanager.feed;

import java.time.Instant;

/** One event of a user's feed, as kept for resuming: its place in this instance's sequence, its SSE name, its JSON data. */
record FeedEvent(long sequence, String name, String data, Instant at) {}
