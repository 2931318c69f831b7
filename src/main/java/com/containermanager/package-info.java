/** Container Manager: each direct sub-package is a module (Spring Modulith); its own package is its API. */
@NullMarked
package com.containermanager;

import org.jspecify.annotations.NullMarked;
