package io.tooz.internal;

import io.tooz.DistributedLock;
import io.tooz.JavaLock;
import io.tooz.LockLease;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-process side of one coordinator's {@link JavaLock}s: per key (a kind and a name), the threads that hold or
 * wait for it and their leases, shared by every handle of the name. A key's entry lives while some thread holds or
 * waits for it.
 */
final class JavaLocks {
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    /**
     * A {@link JavaLock} over {@code lock}. {@code key} names what it locks (JavaLocks of one coordinator with the same
     * key share their holds); {@code exclusive}: one thread of this coordinator at a time (the others wait here, not in
     * the backend), else every thread holds a lease of its own (a read lock).
     */
    JavaLock of(DistributedLock lock, String key, boolean exclusive) {
        return new JavaLockImpl(lock, this, key, exclusive);
    }

    /** One key's threads: who holds (re-entrantly) and the lease each holding thread got from the backend. */
    static final class Gate {
        private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
        final Map<Thread, LockLease> leases = new ConcurrentHashMap<>();
        private int users; // holds and waits in progress; guarded by the map's compute

        Lock local(boolean exclusive) {
            return exclusive ? threads.writeLock() : threads.readLock();
        }

        int holdCount(boolean exclusive) {
            return exclusive ? threads.getWriteHoldCount() : threads.getReadHoldCount();
        }
    }

    /** The key's gate, counted as in use until {@link #exit}. */
    Gate enter(String key) {
        return gates.compute(key, (k, g) -> {
            Gate gate = g == null ? new Gate() : g;
            gate.users++;
            return gate;
        });
    }

    /** Ends one use of the gate; the last one drops it. */
    void exit(String key, Gate gate) {
        gates.computeIfPresent(key, (k, g) -> g != gate || --g.users > 0 ? g : null);
    }

    /** The key's gate if some thread holds or waits for it. */
    @org.jspecify.annotations.Nullable
    Gate peek(String key) {
        return gates.get(key);
    }
}
