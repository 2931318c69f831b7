/** Who owns which container, in PostgreSQL: the authority that engine labels only mirror. */
@NullMarked
package com.containermanager.container.ownership;

import org.jspecify.annotations.NullMarked;
