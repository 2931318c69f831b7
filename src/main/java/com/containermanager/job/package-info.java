/**
 * Durable jobs: the table, workers with leases, LISTEN/NOTIFY wake-ups and the endpoints. It knows nothing of what a
 * job does: other modules implement the {@code spi} named interface. Its outcome is published as {@link
 * com.containermanager.job.JobFinished}.
 */
@ApplicationModule(allowedDependencies = {"auth", "cluster", "limits", "platform", "web"})
@NullMarked
package com.containermanager.job;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
