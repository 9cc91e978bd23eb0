package io.tooz.driver.jdbc;

import io.tooz.LossReason;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-write locks and semaphores as rows of the queues table ({@link QueueStore}), one per entry, on the general pool:
 * no connection is held per entry. An entry lives for the lease TTL of the driver's locks (the idle limit of a lock's
 * session, {@link LockSessions#ttl()}) past the database's clock at the statement that made or last refreshed it, so
 * past the moment that request was sent; the core's refreshes push every entry on in one statement.
 *
 * <p>The table does not outlive a crash of the server (PostgreSQL's {@code UNLOGGED}; MySQL's {@code MEMORY} not even a
 * restart), just as the server's locks do not. So, like the locks, nothing is granted while the server has been up for
 * less than the TTL: every listing then starts with blockers that stand for the entries the restart may have taken
 * (a {@code write} for a read-write lock, as many {@code permits:N} as the semaphore has permits), which leave when that
 * time is over; by then the core has told every holder the restart cut off.
 */
final class JdbcLockQueues implements DriverLockQueues {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcLockQueues.class);

    private final JdbcDriver driver;
    private final QueueStore store;
    private final LockSessions sessions;
    private final @Nullable LockWatches watches;
    /** Entries someone listens to the loss of: checked every second. */
    private final Set<DriverLease> watched = ConcurrentHashMap.newKeySet();

    private ScheduledFuture<?> watching;

    /** A blocker's handle: the moment the server will have been up for the TTL. */
    private record Restarted(long untilNanos) {}

    /** @param watches where the server pushes, the watches; {@code null} where the core polls */
    JdbcLockQueues(JdbcDriver driver, QueueStore store, LockSessions sessions, @Nullable LockWatches watches) {
        this.driver = driver;
        this.store = store;
        this.sessions = sessions;
        this.watches = watches;
    }

    private long ttlMicros() {
        return sessions.ttl().toNanos() / 1000;
    }

    @Override
    public Optional<Duration> leaseTtl(LockId id) {
        return Optional.of(sessions.ttl());
    }

    @Override
    public Enqueued enqueue(LockId id, String holder, String tag) {
        long[] sent = new long[1];
        QueueStore.Inserted in = driver.pool().callOn("queueing for " + QueueRef.label(id), c -> {
            sent[0] = System.nanoTime();
            return store.enqueue(c, id, holder, tag, ttlMicros());
        });
        QueueRef own = new QueueRef(id, in.seq());
        return new Enqueued(new DriverLease(id, in.seq(), own, sent[0]), listed(id, in.rows()));
    }

    @Override
    public List<QueueEntry> entries(LockId id) {
        return listed(
                id, driver.pool().callOn("reading the queue of " + QueueRef.label(id), c -> store.entries(c, id)));
    }

    private List<QueueEntry> listed(LockId id, List<QueueStore.Row> rows) {
        List<QueueEntry> out = new ArrayList<>(rows.size() + 1);
        long young = sessions.youngForNanos();
        if (young > 0 && !rows.isEmpty()) {
            out.addAll(blockers(id, rows, new Restarted(System.nanoTime() + young)));
        }
        for (QueueStore.Row r : rows) {
            out.add(new QueueEntry(r.seq(), r.holder(), r.tag(), new QueueRef(id, r.seq())));
        }
        return out;
    }

    /** Entries before every real one (sequence numbers up to 0) that hold whatever the queue's entries ask for. */
    private List<QueueEntry> blockers(LockId id, List<QueueStore.Row> rows, Restarted handle) {
        String who = "(" + driver.dialect().displayName() + " restarted)";
        if (id.kind() == LockId.Kind.READ_WRITE) {
            return List.of(new QueueEntry(0, who, "write", handle));
        }
        int permits = 1;
        for (QueueStore.Row r : rows) {
            if (r.tag().startsWith("permits:")) {
                try {
                    permits = Math.max(permits, Integer.parseInt(r.tag().substring("permits:".length())));
                } catch (NumberFormatException e) {
                    // not a count: one blocker is all it gets
                }
            }
        }
        List<QueueEntry> out = new ArrayList<>(permits);
        for (int i = permits - 1; i >= 0; i--) {
            out.add(new QueueEntry(-i, who, "permits:" + permits, handle));
        }
        return out;
    }

    /** Pushed on PostgreSQL ({@link LockWatches}); {@code null} on MySQL, where the core polls. */
    @Override
    public @Nullable AutoCloseable watchRemoval(LockId id, QueueEntry entry, Runnable removed) {
        if (entry.handle() instanceof Restarted r) {
            ScheduledFuture<?> f = driver.context()
                    .scheduler()
                    .schedule(removed, Math.max(0, r.untilNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }
        return watches == null ? null : watches.watchRemoval((QueueRef) entry.handle(), removed);
    }

    @Override
    public boolean release(DriverLease lease) {
        QueueRef r = (QueueRef) lease.handle();
        watched.remove(lease);
        return driver.pool().callOn("releasing an entry of " + QueueRef.label(r.id()), c -> store.release(c, r));
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        QueueRef r = (QueueRef) lease.handle();
        return driver.pool()
                .callOn("checking an entry of " + QueueRef.label(r.id()), c -> store.missing(c, List.of(r)))
                .isEmpty();
    }

    /**
     * One statement for every entry; entries not found live are read again for a break (a second round trip, only
     * then): broken ones are reported {@link LossReason#BROKEN}, the others returned as expired.
     */
    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        Map<QueueRef, DriverLease> byRef = byRef(leases);
        List<QueueRef> refs = List.copyOf(byRef.keySet());
        Lost lost = driver.pool().callOn("confirming the queue entries of " + driver.memberId(), c -> {
            Set<QueueRef> missed = store.refresh(c, refs, ttlMicros());
            return new Lost(missed, missed.isEmpty() ? Set.of() : store.broken(c, missed));
        });
        Set<DriverLease> expired = new HashSet<>();
        for (QueueRef r : lost.missed()) {
            if (lost.broken().contains(r)) {
                report(byRef.get(r), LossReason.BROKEN);
            } else {
                expired.add(byRef.get(r));
            }
        }
        return expired;
    }

    /** Entries found not live, and those of them that were broken. */
    private record Lost(Set<QueueRef> missed, Set<QueueRef> broken) {}

    private static Map<QueueRef, DriverLease> byRef(Collection<DriverLease> leases) {
        Map<QueueRef, DriverLease> out = new HashMap<>();
        for (DriverLease l : leases) {
            out.put((QueueRef) l.handle(), l);
        }
        return out;
    }

    private void report(DriverLease lease, LossReason reason) {
        watched.remove(lease);
        LOG.warn("an entry of {} held by {} was lost ({})", QueueRef.label(lease.id()), driver.memberId(), reason);
        driver.context().events().leaseLost(lease, reason);
    }

    /** Someone waits for this entry's loss: check it every second rather than at every refresh only. */
    @Override
    public void watchLoss(DriverLease lease) {
        watched.add(lease);
        synchronized (this) {
            if (watching == null) {
                watching =
                        driver.context().scheduler().scheduleWithFixedDelay(this::checkWatched, 1, 1, TimeUnit.SECONDS);
            }
        }
    }

    private void checkWatched() {
        if (watched.isEmpty()) {
            return;
        }
        Map<QueueRef, DriverLease> byRef = byRef(List.copyOf(watched));
        try {
            Lost lost = driver.pool().callOn("checking the queue entries of " + driver.memberId(), c -> {
                Set<QueueRef> missed = store.missing(c, byRef.keySet());
                return new Lost(missed, missed.isEmpty() ? Set.of() : store.broken(c, missed));
            });
            for (QueueRef r : lost.missed()) {
                DriverLease l = byRef.get(r);
                if (watched.contains(l)) {
                    report(l, lost.broken().contains(r) ? LossReason.BROKEN : LossReason.EXPIRED);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("checking the queue entries of {} failed: {}", driver.memberId(), e.toString());
        }
    }

    /** Marks every entry broken; their holders learn it at their next refresh, or within a second if they listen. */
    @Override
    public boolean forceBreak(LockId id) {
        return driver.pool().callOn("breaking " + QueueRef.label(id), c -> store.breakAll(c, id));
    }

    /** Deletes rows dead for a TTL, of every queue (from the heartbeat, now and then). */
    void deleteDead(java.sql.Connection c) throws java.sql.SQLException {
        Sql.update(c, store.deleteDead(), ttlMicros());
    }

    void close() {
        synchronized (this) {
            if (watching != null) {
                watching.cancel(false);
            }
        }
        watched.clear();
    }
}
