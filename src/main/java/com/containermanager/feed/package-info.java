/**
 * The feed: each user's live stream of their own changes ({@code GET /events}), containers from the engine's events
 * (one subscription per instance, filtered by the owner label, re-listed after a reconnect) and jobs from
 * PostgreSQL's notifications, with ids and a resume window. Its API is {@link com.containermanager.feed.Feed}.
 */
@ApplicationModule(allowedDependencies = {"auth", "container", "job", "limits", "platform", "runtime", "web"})
@NullMarked
package com.containermanager.feed;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
