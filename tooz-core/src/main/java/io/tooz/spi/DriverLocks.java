package io.tooz.spi;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Exclusive locks with fencing tokens. Each successful {@link #acquire} is a distinct holding, even from the same
 * member: a second acquire of a held lock waits or fails.
 */
public interface DriverLocks {

    /**
     * Acquires, waiting at most {@code timeoutNanos} (0: try once; {@link Long#MAX_VALUE}: no limit). Waiting must
     * use the backend's notifications where it has them. Interruption: restore the flag and throw {@link
     * io.tooz.ToozException}.
     *
     * @param holder the member id to record as holder
     * @return the grant, or empty if the time ran out
     */
    Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos);

    /** Releases a grant; {@code false} if it was no longer held. */
    boolean release(DriverLease lease);

    /** Asks the backend whether the grant still holds the lock. */
    boolean isStillOwner(DriverLease lease);

    /** The member id recorded as holder, if any. */
    Optional<String> holder(LockId id);

    /**
     * The fencing token of the latest grant of {@code id}, held or not, where the backend can tell cheaply. The core's
     * election uses it so a member that stood down lets another candidate win first, even a short-lived one.
     */
    default java.util.OptionalLong lastFencingToken(LockId id) {
        return java.util.OptionalLong.empty();
    }

    /**
     * How long the backend keeps a grant of {@code id} that nobody confirms again, at the least (a backend whose clock
     * ticks in whole seconds keeps some keys a second less than asked): a lock key's TTL (Redis, memcached), the lease
     * under the keys (etcd), the session timeout (ZooKeeper), the server's idle-session limit on the connection that
     * holds it (SQL). The core gives every grant a deadline on the monotonic clock, {@link
     * DriverLease#confirmedNanos()} + this − a safety margin, calls {@link #refresh} at a third of it, and tells the
     * holder the lease is lost ({@link io.tooz.LossReason#CONNECTION_LOST}) at the deadline unless a refresh confirmed
     * it since, whatever blocking I/O is doing. The backend must not give the lock to anyone else before the TTL has
     * passed since the confirming request was sent.
     *
     * <p>Empty (the default): grants last until released or until the process that holds them ends, and the driver
     * reports losses itself (file locks, memory://).
     */
    default Optional<java.time.Duration> leaseTtl(LockId id) {
        return Optional.empty();
    }

    /**
     * Confirms many grants in as few round trips as the backend allows (extending their TTL where the backend has
     * one); called by the core every third of the shortest {@link #leaseTtl}, never behind the membership heartbeat. Grants
     * not returned are confirmed as of the moment this call began; a call that throws confirms none.
     *
     * @return the grants found lost
     */
    default Set<DriverLease> refresh(Collection<DriverLease> leases) {
        return Set.of();
    }

    /**
     * How many contenders are queued for {@code id} (the holder included), where the backend queues them (ZooKeeper).
     * The core's election uses it: a member that stood down queues again at once behind waiting candidates, so one
     * of them is elected first.
     */
    default java.util.OptionalInt queueLength(LockId id) {
        return java.util.OptionalInt.empty();
    }

    /**
     * Someone now listens for this grant's loss ({@link io.tooz.LockLease#lost()} was called): a driver that must set
     * up something to notice a broken lock (a watch) can do it here, off the acquire path. Report losses through
     * {@link DriverEvents#leaseLost}.
     */
    default void watchLoss(DriverLease lease) {}

    /**
     * Removes whoever holds the lock; {@code true} if there was a holder. Optional: implementing it is how a driver
     * declares {@link io.tooz.Feature#LOCK_BREAK}; the core calls it only then.
     */
    default boolean forceBreak(LockId id) {
        throw new io.tooz.UnsupportedFeatureException("this driver cannot break locks");
    }
}
