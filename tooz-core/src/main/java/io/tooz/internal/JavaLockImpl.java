package io.tooz.internal;

import io.tooz.DistributedLock;
import io.tooz.JavaLock;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.ToozException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JavaLock} over any {@link DistributedLock}: a thread first takes the key's in-process lock (re-entrant),
 * then, on its first hold, a lease from the backend; the last unlock releases both.
 */
final class JavaLockImpl implements JavaLock {
    private static final long NO_LIMIT = -1;

    private final DistributedLock lock;
    private final JavaLocks gates;
    private final String key;
    private final boolean exclusive;

    JavaLockImpl(DistributedLock lock, JavaLocks gates, String key, boolean exclusive) {
        this.lock = lock;
        this.gates = gates;
        this.key = key;
        this.exclusive = exclusive;
    }

    @Override
    public void lock() {
        try {
            hold(NO_LIMIT, false);
        } catch (InterruptedException e) {
            throw new IllegalStateException("lock() is not interruptible", e); // not reached
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        hold(NO_LIMIT, true);
    }

    @Override
    public boolean tryLock() {
        try {
            return hold(0, false);
        } catch (InterruptedException e) {
            throw new IllegalStateException("tryLock() does not wait", e); // not reached
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return hold(Math.max(0, unit.toNanos(time)), true);
    }

    /** Holds within {@code nanos} ({@link #NO_LIMIT}: without a limit); false if the time ran out. */
    private boolean hold(long nanos, boolean interruptible) throws InterruptedException {
        long start = System.nanoTime();
        JavaLocks.Gate gate = gates.enter(key);
        boolean held = false;
        try {
            Lock local = gate.local(exclusive);
            if (nanos == NO_LIMIT) {
                if (interruptible) {
                    local.lockInterruptibly();
                } else {
                    local.lock();
                }
            } else if (nanos == 0 ? !local.tryLock() : !local.tryLock(nanos, TimeUnit.NANOSECONDS)) {
                return false;
            }
            try {
                if (gate.holdCount(exclusive) == 1) {
                    long left = nanos == NO_LIMIT ? NO_LIMIT : Math.max(0, nanos - (System.nanoTime() - start));
                    LockLease lease = lease(left, interruptible);
                    if (lease == null) {
                        return false;
                    }
                    gate.leases.put(Thread.currentThread(), lease);
                }
                held = true;
                return true;
            } finally {
                if (!held) {
                    local.unlock();
                }
            }
        } finally {
            if (!held) {
                gates.exit(key, gate);
            }
        }
    }

    /** A lease from the backend within {@code nanos}, or null if the time ran out. */
    private @Nullable LockLease lease(long nanos, boolean interruptible) throws InterruptedException {
        if (nanos == 0) {
            return lock.tryAcquire().orElse(null);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return nanos == NO_LIMIT ? lock.acquire() : lock.acquire(Duration.ofNanos(nanos));
                } catch (LockAcquireFailedException timedOut) {
                    return null;
                } catch (ToozException e) {
                    if (!Thread.interrupted()) {
                        throw e;
                    }
                    if (interruptible || nanos != NO_LIMIT) {
                        InterruptedException ie = new InterruptedException("interrupted while waiting for " + lock);
                        ie.initCause(e);
                        throw ie;
                    }
                    interrupted = true; // lock(): keep waiting, and say so when done
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void unlock() {
        JavaLocks.Gate gate = gates.peek(key);
        if (gate == null || gate.holdCount(exclusive) == 0) {
            throw new IllegalMonitorStateException(
                    Thread.currentThread().getName() + " does not hold " + this + "; only the holding thread unlocks");
        }
        try {
            if (gate.holdCount(exclusive) == 1) {
                LockLease lease = gate.leases.remove(Thread.currentThread());
                if (lease != null) {
                    lease.release(); // false if it was lost meanwhile: the hold ends all the same
                }
            }
        } finally {
            gate.local(exclusive).unlock();
            gates.exit(key, gate);
        }
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a distributed lock has no conditions (" + this + "): signal through"
                + " the backend instead, e.g. a group watch (Coordinator.watchJoinGroup) or a key the waiters poll");
    }

    @Override
    public Optional<LockLease> lease() {
        JavaLocks.Gate gate = gates.peek(key);
        return gate == null ? Optional.empty() : Optional.ofNullable(gate.leases.get(Thread.currentThread()));
    }

    @Override
    public int holdCount() {
        JavaLocks.Gate gate = gates.peek(key);
        return gate == null ? 0 : gate.holdCount(exclusive);
    }

    @Override
    public String toString() {
        return "JavaLock[" + lock + "]";
    }
}
