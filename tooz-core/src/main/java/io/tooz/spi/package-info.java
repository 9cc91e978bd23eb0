/**
 * The driver SPI. A backend is a {@link io.tooz.spi.DriverProvider} found by {@link java.util.ServiceLoader} on the
 * URL scheme, creating {@link io.tooz.spi.Driver}s that offer small blocking facets: {@link
 * io.tooz.spi.DriverGroups}, {@link io.tooz.spi.DriverWatch}, {@link io.tooz.spi.DriverLocks}. The core does the rest
 * once for every driver: ordering, heartbeats, watcher dispatch, leader election on locks, lease-loss signals,
 * barriers, partitioning and error translation.
 */
@NullMarked
package io.tooz.spi;

import org.jspecify.annotations.NullMarked;
