/** Registration, login, credential rules and the users table. */
@ApplicationModule(allowedDependencies = {"auth", "web"})
@NullMarked
package com.containermanager.user;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
