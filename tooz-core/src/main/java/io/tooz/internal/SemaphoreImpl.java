package io.tooz.internal;

import io.tooz.DistributedSemaphore;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** A counting semaphore over one queue: an entry holds a permit when fewer than {@code permits} entries are ahead. */
final class SemaphoreImpl implements DistributedSemaphore {
    private final DefaultCoordinator coordinator;
    private final LockId id;
    private final QueueRule.Permit rule;

    SemaphoreImpl(DefaultCoordinator coordinator, String name, int permits) {
        this.coordinator = coordinator;
        this.id = LockId.semaphore(name);
        this.rule = new QueueRule.Permit(permits);
    }

    @Override
    public String name() {
        return id.name();
    }

    @Override
    public int permits() {
        return rule.permits();
    }

    @Override
    public LockLease acquire(Duration timeout) {
        return request(Math.max(0, timeout.toNanos())).start().await().orElseThrow(() -> failed(timeout));
    }

    @Override
    public LockLease acquire() {
        return request(Long.MAX_VALUE).start().await().orElseThrow(() -> failed(null));
    }

    @Override
    public Optional<LockLease> tryAcquire() {
        return request(0).start().await();
    }

    @Override
    public CompletionStage<LockLease> acquireAsync(Duration timeout) {
        return request(Math.max(0, timeout.toNanos())).startAsync().stage(() -> failed(timeout));
    }

    @Override
    public int availablePermits() {
        return Math.max(
                0, rule.permits() - coordinator.lockQueuesFacet().entries(id).size());
    }

    private QueuedAcquisition request(long nanos) {
        return new QueuedAcquisition(coordinator, id, rule, nanos);
    }

    private LockAcquireFailedException failed(@Nullable Duration timeout) {
        return new LockAcquireFailedException(
                id.name(),
                "no permit of semaphore " + id.name() + " (" + rule.permits() + " permits) was granted"
                        + (timeout == null ? "" : " within " + timeout));
    }

    @Override
    public String toString() {
        return "DistributedSemaphore[" + id.name() + ", " + rule.permits() + " permits]";
    }
}
