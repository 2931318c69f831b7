/**
 * What admins do through {@code /admin/...}: users (list with usage, suspend and resume, role, per-user limits,
 * invite, delete with everything they own), every container, groups and their budgets, and the installation's state.
 * Each action on someone else is published as {@link com.containermanager.admin.AdminActed} for the audit trail.
 */
@ApplicationModule(
        allowedDependencies = {
            "auth",
            "cluster",
            "container",
            "group",
            "job",
            "job :: spi",
            "limits",
            "platform",
            "runtime",
            "user",
            "user :: spi",
            "volume",
            "web"
        })
@NullMarked
package com.containermanager.admin;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
