/**
 * The Docker engine behind a port in the service's words ({@code ContainerRuntime}) and its docker-java adapter,
 * the only code that sees docker-java. Engine failures come out as the sealed {@code EngineException} family.
 */
// platform: the health cache (health checks must not load the engine), StartupRefusal, the installation's id.
@ApplicationModule(allowedDependencies = {"platform"})
@NullMarked
package com.containermanager.runtime;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
