package io.tooz.internal.memory;

import io.tooz.LossReason;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Read-write lock and semaphore queues of the memory driver: entries live with their session, sequences come from a
 * per-name counter that outlives the queue, and removals are pushed to the watchers of each entry.
 */
final class MemoryLockQueues implements DriverLockQueues {
    private final MemoryDriver driver;
    private final MemoryBackend b;

    MemoryLockQueues(MemoryDriver driver) {
        this.driver = driver;
        this.b = driver.backend();
    }

    @Override
    public Enqueued enqueue(LockId id, String holder, String tag) {
        MemoryBackend.Session s = driver.session();
        driver.enter();
        try {
            long seq = b.fencing.merge(id, 1L, Long::sum);
            DriverLease lease = new DriverLease(id, seq, seq);
            b.queues
                    .computeIfAbsent(id, k -> new TreeMap<>())
                    .put(seq, new MemoryBackend.Queued(new QueueEntry(seq, holder, tag, seq), lease, s));
            return new Enqueued(lease, live(id));
        } finally {
            b.exit();
        }
    }

    @Override
    public List<QueueEntry> entries(LockId id) {
        driver.enter();
        try {
            return live(id);
        } finally {
            b.exit();
        }
    }

    private List<QueueEntry> live(LockId id) {
        TreeMap<Long, MemoryBackend.Queued> q = b.queues.get(id);
        List<QueueEntry> out = new ArrayList<>(q == null ? 0 : q.size());
        if (q != null) {
            q.values().forEach(e -> out.add(e.entry()));
        }
        return out;
    }

    @Override
    public @Nullable AutoCloseable watchRemoval(LockId id, QueueEntry entry, Runnable removed) {
        driver.enter();
        try {
            TreeMap<Long, MemoryBackend.Queued> q = b.queues.get(id);
            if (q == null || !q.containsKey(entry.sequence())) {
                b.notifyRemoved(List.of(removed));
                return () -> {};
            }
            return b.onRemoval(id, entry.sequence(), removed);
        } finally {
            b.exit();
        }
    }

    @Override
    public boolean release(DriverLease lease) {
        driver.enter();
        try {
            return b.removeQueued(lease.id(), lease.fencingToken()) != null;
        } finally {
            b.exit();
        }
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        driver.enter();
        try {
            TreeMap<Long, MemoryBackend.Queued> q = b.queues.get(lease.id());
            return q != null && q.containsKey(lease.fencingToken());
        } finally {
            b.exit();
        }
    }

    @Override
    public Optional<java.time.Duration> leaseTtl(LockId id) {
        return Optional.empty();
    }

    @Override
    public boolean forceBreak(LockId id) {
        driver.enter();
        try {
            TreeMap<Long, MemoryBackend.Queued> q = b.queues.get(id);
            if (q == null || q.isEmpty()) {
                return false;
            }
            for (Long seq : List.copyOf(q.keySet())) {
                MemoryBackend.Queued e = b.removeQueued(id, seq);
                if (e != null) {
                    b.notifyLeaseLost(
                            new MemoryBackend.Held(
                                    e.lease(), e.session(), e.entry().holder()),
                            LossReason.BROKEN);
                }
            }
            return true;
        } finally {
            b.exit();
        }
    }
}
