package io.tooz.driver.jdbc;

import io.tooz.spi.LockId;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's pushes for locks and queues ({@code DriverLocks.watchHolder}, {@code DriverLockQueues.watchRemoval}),
 * on {@link JdbcWatcher}'s listening connection and thread. A {@code NOTIFY} costs a release as much again as the
 * release itself, so only a watched lock or queue is notified: the listening session holds a shared advisory lock, a
 * <em>marker</em>, per watched id, and a release, a break or a leader's grant notifies {@code <prefix>locks} with
 * the id only if it cannot take that marker exclusively ({@link #NOTIFY_IF_WATCHED}), which costs an unwatched
 * release a lock-table probe. A new watch hears once as soon as its marker is taken (a holder watch) or its entry is
 * found gone (a removal watch, one query for all new ones), since a release before the marker went unnotified.
 * Expiries (an entry nobody refreshed, a holder's session that ended) notify nothing: the core's own re-reads, every
 * second behind a push, find them.
 */
final class LockWatches {
    /** Notifies {@code (marker, channel, payload)} if a listener marks the id. */
    static final String NOTIFY_IF_WATCHED = "CASE WHEN pg_try_advisory_xact_lock(?) THEN NULL ELSE pg_notify(?, ?) END";

    private static final Logger LOG = LoggerFactory.getLogger(LockWatches.class);

    private final QueueStore store;
    private final Runnable listen;
    private final Map<LockId, Set<Watch>> watches = new ConcurrentHashMap<>();

    /** The ids whose marker the listening session holds; the listening thread's own. */
    private final Set<LockId> marked = new HashSet<>();

    /** One watch: of a lock's holder ({@code entry == null}) or of a queue entry's removal. */
    private final class Watch implements AutoCloseable {
        final LockId id;
        final QueueRef entry;
        final Runnable call;
        /** Not checked since its marker was taken. */
        volatile boolean fresh = true;

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
    LockWatches(QueueStore store, Runnable listen) {
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
        watches.values().forEach(s -> s.forEach(w -> w.fresh = true));
    }

    /** On the listening thread between waits: (un)marks ids and checks the new watches. */
    void tick(JdbcPool.Conn c) throws SQLException {
        for (Iterator<LockId> it = marked.iterator(); it.hasNext(); ) {
            LockId id = it.next();
            if (!watches.containsKey(id)) {
                Sql.exists(c.jdbc, "SELECT pg_advisory_unlock_shared(?)", marker(id));
                it.remove();
            }
        }
        for (LockId id : watches.keySet()) {
            if (marked.add(id)) {
                Sql.exists(c.jdbc, "SELECT pg_advisory_lock_shared(?)", marker(id));
            }
        }
        List<Watch> fresh = new ArrayList<>();
        List<QueueRef> entries = new ArrayList<>();
        for (Set<Watch> s : watches.values()) {
            for (Watch w : s) {
                if (w.fresh && marked.contains(w.id)) {
                    fresh.add(w);
                    if (w.entry != null) {
                        entries.add(w.entry);
                    }
                }
            }
        }
        Set<QueueRef> gone = entries.isEmpty() ? Set.of() : store.missing(c, entries);
        for (Watch w : fresh) {
            w.fresh = false;
            if (w.entry == null || gone.contains(w.entry)) {
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
}
