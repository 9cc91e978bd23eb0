package io.tooz.internal.memory;

import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Locks of the memory driver: waiters sleep on a condition signalled by every release or expiry. */
final class MemoryLocks implements DriverLocks {
    private static final long MAX_WAIT_SLICE = TimeUnit.MILLISECONDS.toNanos(100);
    private final MemoryDriver driver;
    private final MemoryBackend b;

    MemoryLocks(MemoryDriver driver) {
        this.driver = driver;
        this.b = driver.backend();
    }

    @Override
    public Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos) {
        long start = System.nanoTime();
        MemoryBackend.Session s = driver.session();
        driver.enter();
        try {
            while (true) {
                if (!b.locks.containsKey(id)) {
                    if (!s.alive()) {
                        s = driver.session();
                    }
                    long token = b.fencing.merge(id, 1L, Long::sum);
                    DriverLease lease = new DriverLease(id, token, new Object());
                    b.locks.put(id, new MemoryBackend.Held(lease, s, holder));
                    b.holderChanged(id);
                    return Optional.of(lease);
                }
                long left =
                        timeoutNanos == Long.MAX_VALUE ? MAX_WAIT_SLICE : timeoutNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return Optional.empty();
                }
                b.changed.awaitNanos(Math.min(left, MAX_WAIT_SLICE));
                driver.recheck();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for lock " + id.name(), e);
        } finally {
            b.exit();
        }
    }

    @Override
    public boolean release(DriverLease lease) {
        driver.enter();
        try {
            MemoryBackend.Held h = b.locks.get(lease.id());
            if (h == null || !h.lease().equals(lease)) {
                return false;
            }
            b.locks.remove(lease.id());
            b.changed.signalAll();
            b.holderChanged(lease.id());
            return true;
        } finally {
            b.exit();
        }
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        driver.enter();
        try {
            MemoryBackend.Held h = b.locks.get(lease.id());
            return h != null && h.lease().equals(lease);
        } finally {
            b.exit();
        }
    }

    @Override
    public Optional<String> holder(LockId id) {
        driver.enter();
        try {
            MemoryBackend.Held h = b.locks.get(id);
            return h == null ? Optional.empty() : Optional.of(h.holder());
        } finally {
            b.exit();
        }
    }

    @Override
    public java.util.OptionalLong lastFencingToken(LockId id) {
        driver.enter();
        try {
            Long t = b.fencing.get(id);
            return t == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(t);
        } finally {
            b.exit();
        }
    }

    /** Pushes every grant, release, break and session expiry of the lock, from the backend's notifier thread. */
    @Override
    public AutoCloseable watchHolder(LockId id, Runnable changed) {
        driver.enter();
        try {
            b.holderWatchers.computeIfAbsent(id, k -> new ArrayList<>()).add(changed);
        } finally {
            b.exit();
        }
        return () -> {
            b.lock.lock();
            try {
                List<Runnable> ws = b.holderWatchers.get(id);
                if (ws != null && ws.remove(changed) && ws.isEmpty()) {
                    b.holderWatchers.remove(id);
                }
            } finally {
                b.lock.unlock();
            }
        };
    }

    @Override
    public boolean forceBreak(LockId id) {
        driver.enter();
        try {
            MemoryBackend.Held h = b.locks.remove(id);
            if (h == null) {
                return false;
            }
            b.changed.signalAll();
            b.holderChanged(id);
            b.notifyLeaseLost(h, LossReason.BROKEN);
            return true;
        } finally {
            b.exit();
        }
    }
}
