package io.tooz;

import java.time.Duration;
import java.util.Optional;

/**
 * An exclusive distributed lock, obtained from {@link Coordinator#getLock(String)}.
 *
 * <p>Every successful acquisition returns a new {@link LockLease}. Locks are not re-entrant: while a lease is held,
 * another acquisition of the same name (from this object, another object of the same coordinator, another thread, or
 * another coordinator anywhere) waits or fails. Each lease carries a {@linkplain LockLease#fencingToken() fencing
 * token} that strictly increases per lock name across all holders, so a resource can reject writes from a holder
 * whose lease was lost.
 *
 * <p>Waiting does not poll where the backend can notify. Typical use:
 *
 * <pre>{@code
 * try (LockLease lease = coordinator.getLock("reindex").acquire(Duration.ofSeconds(10))) {
 *     lease.lost().thenRun(worker::abort);
 *     worker.run(lease.fencingToken());
 * }
 * }</pre>
 */
public interface DistributedLock {

    /** The lock's name. */
    String name();

    /**
     * Waits until the lock is acquired, without a time limit.
     *
     * @throws ToozException if the thread is interrupted (the interrupt flag stays set) or the coordinator stops
     */
    LockLease acquire();

    /**
     * Waits at most {@code timeout} for the lock.
     *
     * @throws LockAcquireFailedException if the lock was not acquired in time
     */
    LockLease acquire(Duration timeout);

    /** Tries once, without waiting (tooz {@code acquire(blocking=False)}). */
    Optional<LockLease> tryAcquire();

    /**
     * Forcibly releases the lock whoever holds it (tooz {@code break_}); for operators and tests. The holder's lease
     * completes {@link LockLease#lost()} with {@link LossReason#BROKEN} when its coordinator notices.
     *
     * @return whether a holder was removed
     * @throws UnsupportedFeatureException if the driver lacks {@link Feature#LOCK_BREAK}
     */
    boolean forceBreak();

    /** Which member holds the lock now, where the backend records it. */
    Optional<String> holder();
}
