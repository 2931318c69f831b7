/**
 * The HTTP layer every module shares, knowing nothing of the engine: the one error mapping ({@code
 * ApiExceptionHandler}, {@code /error}, the body security writes), request size limit, request log and ids, paging,
 * Server-Sent Events answers ({@code EventStreams}), and the OpenAPI document.
 */
// platform: StartupRefusal, for settings of the HTTP layer the service will not start with.
@ApplicationModule(allowedDependencies = {"platform"})
@NullMarked
package com.containermanager.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
