package io.tooz.spi;

/**
 * A lock grant made by a driver.
 *
 * @param id what is locked
 * @param fencingToken strictly increasing per {@code id} across all holders, for the life of the backend's data
 * @param handle the driver's own bookkeeping (owner token, node path...); opaque to the core
 */
public record DriverLease(LockId id, long fencingToken, Object handle) {}
