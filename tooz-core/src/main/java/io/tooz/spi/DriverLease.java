package io.tooz.spi;

/**
 * A lock grant made by a driver.
 *
 * @param id what is locked
 * @param fencingToken strictly increasing per {@code id} across all holders, for the life of the backend's data
 * @param handle the driver's own bookkeeping (owner token, node path...); opaque to the core
 * @param confirmedNanos when the request that made the grant was sent ({@link System#nanoTime()}): for a driver with a
 *     {@link DriverLocks#leaseTtl(LockId) lease TTL}, the core holds the grant until this + the TTL − a safety margin
 *     unless a {@link DriverLocks#refresh refresh} confirms it again. Take the time before sending the request that
 *     made the grant (the last attempt of a waiting acquire), never after its answer arrived.
 */
public record DriverLease(LockId id, long fencingToken, Object handle, long confirmedNanos) {

    /**
     * A grant whose life depends on no TTL (a process-bound or in-memory lock): confirmed now. A driver with a {@link
     * DriverLocks#leaseTtl(LockId) lease TTL} must use the canonical constructor with the send time.
     */
    public DriverLease(LockId id, long fencingToken, Object handle) {
        this(id, fencingToken, handle, System.nanoTime());
    }
}
