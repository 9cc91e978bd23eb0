package io.tooz.spi;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Exclusive locks with fencing tokens, for user locks and for the core's leader election ({@link LockId.Kind#LEADER}:
 * map it to where Python tooz keeps a group's leader). Each successful {@link #acquire} is a distinct holding, even
 * from the same member: a second acquire of a held lock waits or fails.
 *
 * <p><b>What the core guarantees.</b> Calls come from many threads at once (the application's, one per leader
 * candidate, the core's lease thread), so the facet must be thread-safe. The core keeps every grant it was given
 * until it is released or lost: it calls {@link #release} at most once for a grant the application holds (again only
 * for one it gave up as lost, see there), passes the held grants to {@link #refresh}, enforces each grant's deadline
 * itself, and releases them all on stop before {@link Driver#close()}. A driver keeps no list of its own ({@link
 * DriverContext#heldLeases()} shows the core's). It reports a loss it notices with {@link DriverEvents#leaseLost};
 * reporting the same loss twice, or one the core already knows, is harmless. Errors: {@link io.tooz.ToozException}
 * subclasses reach the caller; the core retries nothing but what is said below.
 */
public interface DriverLocks extends DriverLeases {

    /**
     * Acquires, waiting at most {@code timeoutNanos} (0: try once; {@link Long#MAX_VALUE}: no limit), on the calling
     * application or candidate thread; several may wait for one lock at once. Waiting must use the backend's
     * notifications where it has them. Interruption: restore the flag and throw {@link io.tooz.ToozException}. A grant
     * whose deadline ({@link #leaseTtl}) had passed by the time it arrived is released in the background and the core
     * calls again with the time left.
     *
     * @param holder the member id to record as holder
     * @return the grant, or empty if the time ran out
     */
    Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos);

    /** The member id recorded as holder, if any: for {@code getLeader}, deleting a group, and the application. */
    Optional<String> holder(LockId id);

    /**
     * The fencing token of the latest grant of {@code id}, held or not, where the backend can tell cheaply. The core's
     * election uses it, on a candidate's thread, so a member that stood down lets another candidate win first, even a
     * short-lived one.
     */
    default java.util.OptionalLong lastFencingToken(LockId id) {
        return java.util.OptionalLong.empty();
    }

    /**
     * How many contenders are queued for {@code id} (the holder included), where the backend queues them (ZooKeeper).
     * The core's election uses it, on a candidate's thread: a member that stood down queues again at once behind
     * waiting candidates, so one of them is elected first.
     */
    default java.util.OptionalInt queueLength(LockId id) {
        return java.util.OptionalInt.empty();
    }

    /**
     * Calls {@code changed} when the lock's holder may have changed (a release, an expiry, a new grant), so that the
     * core can wait without a thread ({@link io.tooz.DistributedLock#acquireAsync}) and hear leaders change ({@link
     * io.tooz.Coordinator#watchLeader}). The call may come from any thread, more than once, and spuriously; it must be
     * quick. {@code null} (the default): the backend cannot push, and the core reads again on its timer instead.
     *
     * @return closing it stops the calls
     */
    default @Nullable AutoCloseable watchHolder(LockId id, Runnable changed) {
        return null;
    }

    /**
     * Removes whoever holds the lock; {@code true} if there was a holder. The holder learns of it through its own
     * driver (a refresh, a watch). Optional: implementing it is how a driver declares {@link
     * io.tooz.Feature#LOCK_BREAK}; the core calls it only then, on the application's thread.
     */
    default boolean forceBreak(LockId id) {
        throw new io.tooz.UnsupportedFeatureException("this driver cannot break locks");
    }
}
