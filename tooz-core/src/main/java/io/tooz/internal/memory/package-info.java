/** The built-in {@code memory://} driver. Not exported by the module; found as a service. */
@NullMarked
package io.tooz.internal.memory;

import org.jspecify.annotations.NullMarked;
