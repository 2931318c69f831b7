/**
 * The caller's containers: the endpoints, listing, the coordinated lifecycle, and the events others listen to.
 * Creation (the job handler and its submission) and ownership storage are internal sub-packages.
 */
@ApplicationModule(
        allowedDependencies = {
            "auth",
            "cluster",
            "file",
            "group",
            "job",
            "job :: spi",
            "limits",
            "platform",
            "runtime",
            "user :: spi",
            "volume",
            "web"
        })
@NullMarked
package com.containermanager.container;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
