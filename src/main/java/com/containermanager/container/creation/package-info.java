/** Creating a container: the request's checks, the durable job, and the idempotent job handler. */
@NullMarked
package com.containermanager.container.creation;

import org.jspecify.annotations.NullMarked;
