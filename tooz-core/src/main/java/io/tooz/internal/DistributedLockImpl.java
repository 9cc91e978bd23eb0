package io.tooz.internal;

import io.tooz.CoordinatorObserver.AcquireOutcome;
import io.tooz.CoordinatorObserver.LockKind;
import io.tooz.DistributedLock;
import io.tooz.JavaLock;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.UnsupportedFeatureException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** A lock handle: every acquisition goes to the driver and is registered with the held leases. */
final class DistributedLockImpl implements DistributedLock {
    private final DefaultCoordinator coordinator;
    private final LockId id;
    private volatile @Nullable JavaLock javaLock;

    DistributedLockImpl(DefaultCoordinator coordinator, String name) {
        this.coordinator = coordinator;
        this.id = LockId.lock(name);
    }

    @Override
    public String name() {
        return id.name();
    }

    @Override
    public LockLease acquire() {
        return observed(Long.MAX_VALUE).orElseThrow(() -> failed(null));
    }

    @Override
    public LockLease acquire(Duration timeout) {
        return observed(Math.max(0, timeout.toNanos())).orElseThrow(() -> failed(timeout));
    }

    @Override
    public Optional<LockLease> tryAcquire() {
        return observed(0);
    }

    /** {@link #attempt}, told to the observers if there are any. */
    private Optional<LockLease> observed(long nanos) {
        Observers observers = coordinator.observers();
        if (!observers.active()) {
            return attempt(nanos);
        }
        long start = System.nanoTime();
        Optional<LockLease> got;
        try {
            got = attempt(nanos);
        } catch (RuntimeException e) {
            observers.lockAcquire(LockKind.LOCK, id.name(), start, AcquireOutcome.FAILED);
            throw e;
        }
        observers.lockAcquire(
                LockKind.LOCK, id.name(), start, got.isPresent() ? AcquireOutcome.ACQUIRED : AcquireOutcome.TIMED_OUT);
        return got;
    }

    /** Acquires within {@code nanos}; a grant whose deadline had passed by the time it arrived is not returned. */
    private Optional<LockLease> attempt(long nanos) {
        DriverLocks locks = coordinator.locksFacet();
        HeldLeases held = coordinator.heldLeases();
        long start = System.nanoTime();
        while (true) {
            long left = nanos == Long.MAX_VALUE ? nanos : Math.max(0, nanos - (System.nanoTime() - start));
            Optional<DriverLease> lease = locks.acquire(id, coordinator.memberId(), left);
            if (lease.isEmpty()) {
                return Optional.empty();
            }
            Optional<LockLeaseImpl> fresh = held.registerUnlessLapsed(lease.get());
            if (fresh.isPresent()) {
                return Optional.of(fresh.get());
            }
            if (left == 0) {
                return Optional.empty();
            }
        }
    }

    @Override
    public CompletionStage<LockLease> acquireAsync(Duration timeout) {
        Observers observers = coordinator.observers();
        if (!observers.active()) {
            return coordinator.asyncAcquisitions().acquire(id, timeout);
        }
        long start = System.nanoTime();
        CompletionStage<LockLease> stage = coordinator.asyncAcquisitions().acquire(id, timeout);
        stage.whenComplete((lease, error) -> observers.lockAcquire(
                LockKind.LOCK,
                id.name(),
                start,
                lease != null
                        ? AcquireOutcome.ACQUIRED
                        : error instanceof LockAcquireFailedException
                                ? AcquireOutcome.TIMED_OUT
                                : AcquireOutcome.FAILED));
        return stage;
    }

    @Override
    public JavaLock asJavaLock() {
        JavaLock j = javaLock;
        if (j == null) {
            synchronized (this) {
                j = javaLock;
                if (j == null) {
                    j = coordinator.javaLocks().of(this, id.kind() + ":" + id.name(), true);
                    javaLock = j;
                }
            }
        }
        return j;
    }

    private LockAcquireFailedException failed(@Nullable Duration timeout) {
        return new LockAcquireFailedException(
                id.name(), "lock " + id.name() + " was not acquired" + (timeout == null ? "" : " within " + timeout));
    }

    @Override
    public boolean forceBreak() {
        DriverLocks locks = coordinator.locksFacet();
        if (!coordinator.features().contains(io.tooz.Feature.LOCK_BREAK)) {
            throw new UnsupportedFeatureException("the " + coordinator.scheme() + ":// driver cannot break lock "
                    + id.name() + "; see Coordinator.features()");
        }
        return locks.forceBreak(id);
    }

    @Override
    public Optional<String> holder() {
        return coordinator.locksFacet().holder(id);
    }

    @Override
    public String toString() {
        return "DistributedLock[" + id.name() + "]";
    }
}
