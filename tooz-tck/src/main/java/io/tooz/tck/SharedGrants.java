package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.LockLease;
import java.util.Optional;

/** Immediate grants of read-write locks and semaphores for the contracts, failing with a message when refused. */
final class SharedGrants {
    private SharedGrants() {}

    /** A read of {@code name} by {@code c} with {@code tryAcquire}; fails naming {@code what} if refused. */
    static LockLease read(Coordinator c, String name, String what) {
        return granted(c.getReadWriteLock(name).readLock().tryAcquire(), what);
    }

    /** A write of {@code name} by {@code c} with {@code tryAcquire}; fails naming {@code what} if refused. */
    static LockLease write(Coordinator c, String name, String what) {
        return granted(c.getReadWriteLock(name).writeLock().tryAcquire(), what);
    }

    /** A permit of semaphore {@code name} of {@code permits} by {@code c}; fails naming {@code what} if refused. */
    static LockLease permit(Coordinator c, String name, int permits, String what) {
        return granted(c.getSemaphore(name, permits).tryAcquire(), what);
    }

    /** Whether a {@code tryAcquire} of {@code lock} is refused now; a grant is released at once. */
    static boolean refused(DistributedLock lock) {
        Optional<LockLease> got = lock.tryAcquire();
        got.ifPresent(LockLease::release);
        return got.isEmpty();
    }

    private static LockLease granted(Optional<LockLease> lease, String what) {
        return lease.orElseThrow(() -> new AssertionError(what + " was refused"));
    }
}
