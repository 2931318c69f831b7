/**
 * The container engine behind a port in the service's words ({@code ContainerRuntime}, the records it speaks, the
 * sealed {@code EngineException} family, the registry policy and the settings every container gets). The Docker
 * adapter and its HTTP client live in the module's internal package {@code runtime.docker}, where a second adapter
 * (another kind of engine) can sit beside it.
 */
// platform: the health cache (health checks must not load the engine), StartupRefusal, the installation's id.
@ApplicationModule(allowedDependencies = {"platform"})
@NullMarked
package com.containermanager.runtime;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
