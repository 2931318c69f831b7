/**
 * The Docker engine behind a port in the service's words ({@code ContainerRuntime}) and its docker-java adapter,
 * the only code that sees docker-java. Engine failures come out as the sealed {@code EngineException} family.
 */
// config: the shared health cache and clock, so that health checks cannot be used to load the engine.
@ApplicationModule(allowedDependencies = {"config"})
@NullMarked
package com.containermanager.runtime;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
