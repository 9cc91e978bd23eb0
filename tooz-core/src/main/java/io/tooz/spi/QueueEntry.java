package io.tooz.spi;

/**
 * One entry of a {@link DriverLockQueues} queue, as listed.
 *
 * @param sequence strictly increasing per queue for the life of the backend's data: the entry's fencing token
 * @param holder the member id that made the entry
 * @param tag the core's tag, as given to {@link DriverLockQueues#enqueue}
 * @param handle the driver's own reference (a node name, a key...); opaque to the core, handed back to {@link
 *     DriverLockQueues#watchRemoval}
 */
public record QueueEntry(long sequence, String holder, String tag, Object handle) {}
