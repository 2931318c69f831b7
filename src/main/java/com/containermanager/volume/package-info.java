/**
 * Users' volumes: data that outlives a container, of a size the user chose within their limits (limits.volumes,
 * limits.volume_bytes), with a hard size limit where the engine's host gives one. {@code Volumes} is what the
 * container module mounts through; the engine side (file system, loop device, the engine's volume) is the runtime
 * port's.
 */
@ApplicationModule(
        allowedDependencies = {"auth", "group", "job :: spi", "limits", "platform", "runtime", "user :: spi", "web"})
@NullMarked
package com.containermanager.volume;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
