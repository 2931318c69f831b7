/**
 * The HTTP layer every module shares: the one error mapping ({@code ApiExceptionHandler}, {@code /error}, the
 * body security writes), request size limit, request log and ids, and the OpenAPI document.
 */
@ApplicationModule(allowedDependencies = {"runtime"})
@NullMarked
package com.containermanager.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
