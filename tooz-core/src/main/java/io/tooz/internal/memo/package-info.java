/** Remembered derivations for drivers' hot paths; exported to the drivers that use them only. */
package io.tooz.internal.memo;
