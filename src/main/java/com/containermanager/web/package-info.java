/**
 * The HTTP layer every module shares: the one error mapping ({@code ApiExceptionHandler}, {@code /error}, the
 * body security writes), request size limit, request log and ids, and the OpenAPI document.
 */
// config: StartupRefusal, for settings of the HTTP layer the service will not start with.
@ApplicationModule(allowedDependencies = {"config", "runtime"})
@NullMarked
package com.containermanager.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
