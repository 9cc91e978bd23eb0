package io.tooz.spi;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

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
public interface DriverLocks {

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

    /**
     * Releases a grant; {@code false} if it was no longer held. On the application's thread for a held grant (once);
     * on the core's lease thread for a grant it gave up as lost at its deadline, which the backend may still hold:
     * that one is released again at each refresh until a call returns without throwing. On stop, on the stopping
     * thread.
     */
    boolean release(DriverLease lease);

    /** Asks the backend whether the grant still holds the lock; only for a grant the core still holds. */
    boolean isStillOwner(DriverLease lease);

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
     * reports losses itself (file locks, memory://). Called often (each grant, each refresh): cheap and constant.
     */
    default Optional<java.time.Duration> leaseTtl(LockId id) {
        return Optional.empty();
    }

    /**
     * Confirms every grant the core holds (never an empty collection) in as few round trips as the backend allows,
     * extending their TTL where the backend has one. The core calls it on its own lease thread, one call at a time and
     * at most one queued however long a call hangs, every third of the shortest {@link #leaseTtl} (every half {@link
     * Driver#ttl()} without one), never behind the membership heartbeat; and on the application's thread after {@link
     * Driver#heartbeat()} for {@link io.tooz.Coordinator#heartbeat()}, which may overlap. Grants not returned are confirmed as of the moment this call began; a
     * call that throws confirms none (the core logs it, at most every 30 s, and tries again at the next tick, while
     * the deadlines keep running). A grant found broken rather than expired may be reported with {@link
     * DriverEvents#leaseLost} instead of returned.
     *
     * @return the grants found lost (expired)
     */
    default Set<DriverLease> refresh(Collection<DriverLease> leases) {
        return Set.of();
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
     * Someone now listens for this grant's loss ({@link io.tooz.LockLease#lost()} was called the first time, or the
     * grant is a leadership): a driver that must set up something to notice a broken lock (a watch) can do it here,
     * off the acquire path, on the listener's thread. At most once per grant, and only while the core holds it; stop
     * what it set up when the grant is released. Report losses through {@link DriverEvents#leaseLost}; an error is
     * logged and the grant keeps its deadline and refreshes.
     */
    default void watchLoss(DriverLease lease) {}

    /**
     * Removes whoever holds the lock; {@code true} if there was a holder. The holder learns of it through its own
     * driver (a refresh, a watch). Optional: implementing it is how a driver declares {@link
     * io.tooz.Feature#LOCK_BREAK}; the core calls it only then, on the application's thread.
     */
    default boolean forceBreak(LockId id) {
        throw new io.tooz.UnsupportedFeatureException("this driver cannot break locks");
    }
}
