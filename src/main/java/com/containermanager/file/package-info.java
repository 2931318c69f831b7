/** Each user's own files: upload (streamed, atomic), list, download, delete; {@code UserFiles} for other modules. */
@ApplicationModule(allowedDependencies = {"auth", "cluster", "limits", "platform", "web"})
@NullMarked
package com.containermanager.file;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
