package io.tooz.internal;

import io.tooz.DistributedLock;
import io.tooz.JavaLock;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** One mode of a read-write lock: each acquisition queues an entry and waits for {@link QueueRule} to grant it. */
final class QueuedLock implements DistributedLock {
    private final DefaultCoordinator coordinator;
    private final LockId id;
    private final QueueRule rule;
    private final String what;
    private @org.jspecify.annotations.Nullable JavaLock javaLock;

    QueuedLock(DefaultCoordinator coordinator, LockId id, QueueRule rule, String what) {
        this.coordinator = coordinator;
        this.id = id;
        this.rule = rule;
        this.what = what;
    }

    @Override
    public String name() {
        return id.name();
    }

    @Override
    public LockLease acquire() {
        return request(Long.MAX_VALUE).start().await().orElseThrow(() -> failed(null));
    }

    @Override
    public LockLease acquire(Duration timeout) {
        return request(Math.max(0, timeout.toNanos())).start().await().orElseThrow(() -> failed(timeout));
    }

    @Override
    public Optional<LockLease> tryAcquire() {
        return request(0).start().await();
    }

    @Override
    public CompletionStage<LockLease> acquireAsync(Duration timeout) {
        return request(Math.max(0, timeout.toNanos())).startAsync().stage(() -> failed(timeout));
    }

    /** Write locks exclude the coordinator's other threads in the process; every reading thread has its own lease. */
    @Override
    public synchronized JavaLock asJavaLock() {
        JavaLock j = javaLock;
        if (j == null) {
            j = coordinator
                    .javaLocks()
                    .of(this, id.kind() + ":" + rule.tag() + ":" + id.name(), !(rule instanceof QueueRule.Read));
            javaLock = j;
        }
        return j;
    }

    private QueuedAcquisition request(long nanos) {
        return new QueuedAcquisition(coordinator, id, rule, nanos);
    }

    private LockAcquireFailedException failed(@org.jspecify.annotations.Nullable Duration timeout) {
        return new LockAcquireFailedException(
                id.name(),
                what + " " + id.name() + " was not acquired" + (timeout == null ? "" : " within " + timeout));
    }

    @Override
    public boolean forceBreak() {
        return QueuedBreaks.forceBreak(coordinator, id, what);
    }

    /** The member of the first entry that holds in this mode. */
    @Override
    public Optional<String> holder() {
        List<QueueEntry> queue = coordinator.lockQueuesFacet().entries(id);
        for (int i = 0; i < queue.size(); i++) {
            QueueEntry e = queue.get(i);
            if (e.tag().equals(rule.tag())) {
                return rule.holds(queue, i) ? Optional.of(e.holder()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "DistributedLock[" + what + " " + id.name() + "]";
    }
}
