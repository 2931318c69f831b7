/** What a module implements to run a type of job: the handler, what it sees of its job, and how it ends. */
@NamedInterface("spi")
@NullMarked
package com.containermanager.job.spi;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
