/**
 * The driver SPI. A backend is a {@link io.tooz.spi.DriverProvider} found by {@link java.util.ServiceLoader} on the
 * URL scheme, creating {@link io.tooz.spi.Driver}s that declare once, in {@link io.tooz.spi.Facets}, the small blocking facets
 * they offer: {@link io.tooz.spi.DriverGroups}, {@link io.tooz.spi.DriverWatch}, {@link io.tooz.spi.DriverLocks},
 * {@link io.tooz.spi.DriverClaims}. {@code docs/writing-a-driver.md} walks through writing one. The core does the rest
 * once for every driver: ordering, heartbeats, watcher dispatch, leader election on locks, lease-loss signals,
 * barriers, partitioning and error translation.
 */
@NullMarked
package io.tooz.spi;

import org.jspecify.annotations.NullMarked;
