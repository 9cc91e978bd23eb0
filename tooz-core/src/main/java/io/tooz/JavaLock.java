package io.tooz;

import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * A {@link DistributedLock} seen as a re-entrant {@link Lock} ({@link DistributedLock#asJavaLock()}). Blocking
 * methods wait like {@link DistributedLock#acquire()}; {@code lockInterruptibly} and {@code tryLock(long, TimeUnit)}
 * throw {@link InterruptedException} when interrupted; {@code lock()} keeps waiting and restores the interrupt flag.
 * A backend failure while acquiring is thrown as the {@link ToozException} it is.
 *
 * <p><b>Threads and handles.</b> A thread's first hold takes one lease from the backend; nested holds only count
 * ({@link #holdCount()}), and the last {@link #unlock()} releases the lease. Within one coordinator, every JavaLock
 * of one name (from any {@code getLock(name)} handle) is one lock: a thread that holds it through one handle holds it
 * through all of them, and the coordinator's other threads wait in the process, not at the backend. Threads of
 * different coordinators exclude each other through the backend.
 *
 * <p><b>Loss.</b> If the lease is lost while held (its {@link LockLease#lost()} completes: expiry, a broken lock, the
 * coordinator stopped), the thread still holds this lock until it unlocks (unlock does not throw then), but no longer
 * the backend's: check {@code lease().orElseThrow().lost()} before acting, or pass the fencing token to the guarded
 * resource so it refuses a late write.
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
