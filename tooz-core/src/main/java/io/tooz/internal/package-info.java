/** The core's implementation: the coordinator, its threads and services. Not exported by the module. */
@NullMarked
package io.tooz.internal;

import org.jspecify.annotations.NullMarked;
