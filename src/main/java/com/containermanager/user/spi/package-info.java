/** What a module implements so that suspending and deleting an account reach what it keeps for the user. */
@NamedInterface("spi")
@NullMarked
package com.containermanager.user.spi;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
