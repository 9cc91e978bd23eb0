package io.tooz;

import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * A {@link DistributedLock} seen as a re-entrant {@link Lock} ({@link DistributedLock#asJavaLock()}). Blocking
 * methods wait like {@link DistributedLock#acquire()}; {@code lockInterruptibly} and {@code tryLock(long, TimeUnit)}
 * throw {@link InterruptedException} when interrupted; {@code lock()} keeps waiting and restores the interrupt flag.
 * A backend failure while acquiring is thrown as the {@link ToozException} it is.
 *
 * <pre>{@code
 * JavaLock lock = coordinator.getLock("ledger").asJavaLock();
 * lock.lock();
 * try {
 *     store.write(entry, lock.lease().orElseThrow().fencingToken());
 * } finally {
 *     lock.unlock();
 * }
 * }</pre>
 */
public interface JavaLock extends Lock {

    /** The lease the calling thread holds through this lock, for its fencing token and {@code lost()}. */
    Optional<LockLease> lease();

    /** How many times the calling thread holds this lock (0 if it does not). */
    int holdCount();
}
