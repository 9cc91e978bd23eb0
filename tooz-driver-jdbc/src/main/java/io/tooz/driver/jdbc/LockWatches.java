package io.tooz.driver.jdbc;

import io.tooz.spi.LockId;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's pushes for locks and queues ({@code DriverLocks.watchHolder}, {@code DriverLockQueues.watchRemoval}),
 * on {@link JdbcWatcher}'s listening connection and thread. A {@code NOTIFY} costs a release as much again as the
 * release itself, so only a watched lock or queue is notified: the listening session holds a shared advisory lock, a
 * <em>marker</em>, per watched id, and a release, a break or a leader's grant notifies {@code <prefix>locks} with
 * the id only if it cannot take that marker exclusively ({@link #NOTIFY_IF_WATCHED}), which costs an unwatched
 * release a lock-table probe. Expiries notify nothing, so every second the watched entries are read again (one
 * query), and the holders of watched locks (one query) for a holder whose session ended. A new watch hears once as
 * soon as its marker is taken (a holder watch) or its entry is found gone (a removal watch), since a release before
 * the marker went unnotified.
 */
final class LockWatches {
    /** Notifies {@code (marker, channel, payload)} if a listener marks the id. */
    static final String NOTIFY_IF_WATCHED = "CASE WHEN pg_try_advisory_xact_lock(?) THEN NULL ELSE pg_notify(?, ?) END";

    private static final Logger LOG = LoggerFactory.getLogger(LockWatches.class);
    private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final JdbcDriver driver;
    private final QueueStore store;
    private final Runnable listen;
    private final Map<LockId, Set<Watch>> watches = new ConcurrentHashMap<>();

    // the listener thread's own
    private final Set<LockId> marked = new HashSet<>();
    private final Map<LockId, Long> holders = new HashMap<>();
    private long checked = System.nanoTime();

    /** One watch: of a lock's holder ({@code entry == null}) or of a queue entry's removal. */
    private final class Watch implements AutoCloseable {
        final LockId id;
        final QueueRef entry;
        final Runnable call;
        /** Not checked since its marker was taken. */
        volatile boolean fresh = true;
        /** A removal watch whose entry was found gone. */
        volatile boolean done;

        Watch(LockId id, QueueRef entry, Runnable call) {
            this.id = id;
            this.entry = entry;
            this.call = call;
        }

        @Override
        public void close() {
            watches.computeIfPresent(id, (k, s) -> {
                s.remove(this);
                return s.isEmpty() ? null : s;
            });
        }
    }

    /** @param listen starts the listening thread if it is not running */
    LockWatches(JdbcDriver driver, QueueStore store, Runnable listen) {
        this.driver = driver;
        this.store = store;
        this.listen = listen;
    }

    static String channel(String prefix) {
        return prefix + "locks";
    }

    static String payload(LockId id) {
        return id.kind().name() + ":" + id.name();
    }

    /** The marker of an id: the shared advisory lock its listeners hold. */
    static long marker(LockId id) {
        return LockKey.hash64("tooz-watch:" + payload(id));
    }

    /** Binds {@link #NOTIFY_IF_WATCHED}'s three parameters from {@code at}; answers the next position. */
    static int bindNotify(PreparedStatement ps, int at, String channel, LockId id) throws SQLException {
        ps.setLong(at, marker(id));
        ps.setString(at + 1, channel);
        ps.setString(at + 2, payload(id));
        return at + 3;
    }

    AutoCloseable watchHolder(LockId id, Runnable changed) {
        return add(new Watch(id, null, changed));
    }

    AutoCloseable watchRemoval(QueueRef entry, Runnable removed) {
        return add(new Watch(entry.id(), entry, removed));
    }

    private Watch add(Watch w) {
        watches.compute(w.id, (k, s) -> {
            Set<Watch> set = s == null ? ConcurrentHashMap.newKeySet() : s;
            set.add(w);
            return set;
        });
        listen.run();
        return w;
    }

    /** A notification on {@link #channel}: the id's holder or queue changed. */
    void notified(String payload) {
        int colon = payload.indexOf(':');
        LockId id;
        try {
            id = new LockId(LockId.Kind.valueOf(payload.substring(0, colon)), payload.substring(colon + 1));
        } catch (RuntimeException e) {
            return; // not ours
        }
        for (Watch w : watches.getOrDefault(id, Set.of())) {
            call(w);
        }
    }

    /** The listening connection is new: nothing is marked on it, and notifications may have been missed. */
    void reset() {
        marked.clear();
        holders.clear();
        watches.values().forEach(s -> s.forEach(w -> w.fresh = true));
    }

    /** On the listening thread between waits: (un)marks ids, checks new watches, and every second all of them. */
    void tick(JdbcPool.Conn c) throws SQLException {
        for (Iterator<LockId> it = marked.iterator(); it.hasNext(); ) {
            LockId id = it.next();
            if (!watches.containsKey(id)) {
                Sql.exists(c.jdbc, "SELECT pg_advisory_unlock_shared(?)", marker(id));
                it.remove();
                holders.remove(id);
            }
        }
        for (LockId id : watches.keySet()) {
            if (marked.add(id)) {
                Sql.exists(c.jdbc, "SELECT pg_advisory_lock_shared(?)", marker(id));
            }
        }
        boolean all = System.nanoTime() - checked >= CHECK_EVERY_NANOS;
        List<Watch> due = new ArrayList<>();
        for (Set<Watch> s : watches.values()) {
            for (Watch w : s) {
                if ((all || w.fresh) && marked.contains(w.id) && !w.done) {
                    due.add(w);
                }
            }
        }
        if (all) {
            checked = System.nanoTime();
        }
        if (!due.isEmpty()) {
            check(c, due);
        }
    }

    private void check(JdbcPool.Conn c, List<Watch> due) throws SQLException {
        List<QueueRef> entries = new ArrayList<>();
        List<LockKey> locks = new ArrayList<>();
        for (Watch w : due) {
            if (w.entry != null) {
                entries.add(w.entry);
            } else if (!locks.contains(key(w.id))) {
                locks.add(key(w.id));
            }
        }
        Set<QueueRef> gone = entries.isEmpty() ? Set.of() : store.missing(c, entries);
        Map<LockKey, Long> held = locks.isEmpty() ? Map.of() : driver.dialect().holders(c.jdbc, locks);
        Set<LockId> changed = new HashSet<>();
        for (LockKey k : locks) {
            Long now = held.getOrDefault(k, -1L);
            Long before = holders.put(k.id(), now);
            if (before != null && !before.equals(now)) {
                changed.add(k.id());
            }
        }
        for (Watch w : due) {
            boolean fresh = w.fresh;
            w.fresh = false;
            if (w.entry != null ? gone.contains(w.entry) : fresh || changed.contains(w.id)) {
                w.done = w.entry != null;
                call(w);
            }
        }
    }

    private static void call(Watch w) {
        try {
            w.call.run();
        } catch (RuntimeException e) {
            LOG.warn("a watch of {} failed", w.id, e);
        }
    }

    private LockKey key(LockId id) {
        return driver.dialect().lockKey(id, driver.settings().toozLockIds());
    }
}
