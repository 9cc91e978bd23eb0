package io.tooz;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

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
     * Waits at most {@code timeout} for the lock without blocking the calling thread: where the backend pushes
     * releases (Redis, ZooKeeper, etcd, PostgreSQL, file, memory) no thread waits at all; elsewhere the coordinator
     * retries on its timer. The stage fails with {@link LockAcquireFailedException} when the time runs out; cancelling
     * it withdraws the request (a grant that arrives after the cancel is released).
     */
    CompletionStage<LockLease> acquireAsync(Duration timeout);

    /**
     * This lock as a {@link java.util.concurrent.locks.Lock}, re-entrant per thread: the first {@code lock()} of a
     * thread acquires a lease, nested ones count, and the last {@code unlock()} releases it. Only the owning thread may
     * unlock ({@link IllegalMonitorStateException} otherwise); {@code newCondition()} is unsupported. The same object is
     * returned on every call, so threads that share it exclude each other like threads of one JVM; distinct
     * coordinators exclude each other through the backend.
     */
    JavaLock asJavaLock();

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
