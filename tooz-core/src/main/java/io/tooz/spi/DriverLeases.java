package io.tooz.spi;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * What the core needs to keep grants alive, shared by {@link DriverLocks} and {@link DriverLockQueues}: the core
 * holds each grant with a deadline, refreshes them in batches, releases them, and asks about them. A grant's {@link
 * DriverLease#id()} says which facet made it ({@link LockId#queued()}), and the core only passes a facet its own
 * grants. See {@link DriverLocks} for what the core guarantees.
 */
public interface DriverLeases {

    /**
     * Releases a grant; {@code false} if it was no longer held. On the application's thread for a held grant (once);
     * on the core's lease thread for a grant it gave up as lost at its deadline, which the backend may still hold:
     * that one is released again at each refresh until a call returns without throwing. On stop, on the stopping
     * thread.
     */
    boolean release(DriverLease lease);

    /** Asks the backend whether the grant still holds the lock; only for a grant the core still holds. */
    boolean isStillOwner(DriverLease lease);

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
     * Driver#heartbeat()} for {@link io.tooz.Coordinator#heartbeat()}, which may overlap. Grants not returned are
     * confirmed as of the moment this call began; a call that throws confirms none (the core logs it, at most every 30 s, and tries again at the next tick, while
     * the deadlines keep running). A grant found broken rather than expired may be reported with {@link
     * DriverEvents#leaseLost} instead of returned.
     *
     * @return the grants found lost (expired)
     */
    default Set<DriverLease> refresh(Collection<DriverLease> leases) {
        return Set.of();
    }

    /**
     * Someone now listens for this grant's loss ({@link io.tooz.LockLease#lost()} was called the first time, or the
     * grant is a leadership): a driver that must set up something to notice a broken lock (a watch) can do it here,
     * off the acquire path, on the listener's thread. At most once per grant, and only while the core holds it; stop
     * what it set up when the grant is released. Report losses through {@link DriverEvents#leaseLost}; an error is
     * logged and the grant keeps its deadline and refreshes.
     */
    default void watchLoss(DriverLease lease) {}
}
