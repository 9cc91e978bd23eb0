package io.tooz.internal.memory;

import io.tooz.LossReason;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverEvents;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverWatch;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared state behind one {@code memory://NAME}: groups, sessions with TTLs, locks with fencing counters, and
 * watchers. One lock guards everything; watch notifications are queued in order on one notifier thread.
 */
public final class MemoryBackend {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryBackend.class);
    private static final Map<String, MemoryBackend> BACKENDS = new ConcurrentHashMap<>();
    private static final AtomicLong SESSION_IDS = new AtomicLong();
    private static final long REAP_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final ExecutorService NOTIFIER = Executors.newSingleThreadExecutor(r -> daemon(r, "notify"));
    private static final ScheduledExecutorService REAPER =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "reaper"));

    static {
        REAPER.scheduleWithFixedDelay(
                () -> BACKENDS.values().forEach(MemoryBackend::reapNow), 50, 50, TimeUnit.MILLISECONDS);
    }

    final String name;
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    final Map<String, Map<String, Member>> groups = new LinkedHashMap<>();
    final Map<LockId, Held> locks = new HashMap<>();
    final Map<LockId, Long> fencing = new HashMap<>();
    final Map<String, List<DriverWatch.MembershipListener>> watchers = new HashMap<>();
    final Map<LockId, List<Runnable>> holderWatchers = new HashMap<>();
    private final Map<Long, Session> sessions = new HashMap<>();
    private volatile boolean down;
    private long lastReap;

    private MemoryBackend(String name) {
        this.name = name;
    }

    private static Thread daemon(Runnable r, String what) {
        Thread t = new Thread(r, "tooz-memory-" + what);
        t.setDaemon(true);
        return t;
    }

    /** The scheduler's claims, with the backend's own token counter (guarded by the lock). */
    final Map<ClaimKey, ClaimEntry> claims = new HashMap<>();

    long claimTokens;

    record ClaimKey(String namespace, long periodStartMillis, String task) {}

    record ClaimEntry(String holder, long token, long expiresNanos) {}

    static MemoryBackend named(String name) {
        return BACKENDS.computeIfAbsent(name, MemoryBackend::new);
    }

    /**
     * Simulates an outage of {@code memory://name}: while unavailable every operation fails with {@link
     * ToozConnectionException}; sessions keep ageing and expire as they would on a real server.
     */
    public static void setAvailable(String name, boolean available) {
        named(name).down = !available;
    }

    /**
     * Cuts the coordinator of {@code driver} off its {@code memory://} backend, or heals it, as a network partition
     * between that one client and its server would: while cut off, every call it makes (heartbeats, lock refreshes,
     * reads) fails with {@link ToozConnectionException}, so the backend expires its session once the TTL passes, and
     * a {@code close()} leaves the session to expire. What the backend pushes to it (watch events, the end of its
     * session) still arrives. Other coordinators are not affected.
     *
     * @return false if {@code driver} is not a {@code memory://} driver
     */
    public static boolean cutOff(Driver driver, boolean cutOff) {
        if (driver instanceof MemoryDriver m) {
            m.cutOff(cutOff);
            return true;
        }
        return false;
    }

    /**
     * Ends the session of the coordinator of {@code driver} now, as its backend does when the TTL passes without a
     * heartbeat: its memberships and locks go, and it is told its session was lost.
     *
     * @return false if {@code driver} is not a {@code memory://} driver
     */
    public static boolean expireSession(Driver driver) {
        if (driver instanceof MemoryDriver m) {
            m.expireSession();
            return true;
        }
        return false;
    }

    /** A coordinator's session. */
    static final class Session {
        final long id = SESSION_IDS.incrementAndGet();
        final String memberId;
        final long ttlNanos;
        final DriverEvents events;
        volatile long lastBeat = System.nanoTime();
        volatile boolean dead;

        Session(String memberId, Duration ttl, DriverEvents events) {
            this.memberId = memberId;
            this.ttlNanos = ttl.toNanos();
            this.events = events;
        }

        boolean alive() {
            return !dead;
        }
    }

    record Member(byte[] capabilities, Instant joinedAt, Instant updatedAt, Session session) {}

    record Held(DriverLease lease, Session session, String holder) {}

    /** An entry of a read-write lock's or semaphore's queue. */
    record Queued(io.tooz.spi.QueueEntry entry, DriverLease lease, Session session) {}

    /** Read-write lock and semaphore queues by sequence, and who waits for an entry to leave (guarded by the lock). */
    final Map<LockId, java.util.TreeMap<Long, Queued>> queues = new HashMap<>();

    private final Map<LockId, Map<Long, List<Runnable>>> removalWatchers = new HashMap<>();

    /** Removes a queue entry and tells its watchers; call with the lock held. */
    @org.jspecify.annotations.Nullable
    Queued removeQueued(LockId id, long seq) {
        java.util.TreeMap<Long, Queued> q = queues.get(id);
        Queued e = q == null ? null : q.remove(seq);
        if (q != null && q.isEmpty()) {
            queues.remove(id);
        }
        Map<Long, List<Runnable>> byEntry = removalWatchers.get(id);
        List<Runnable> ws = byEntry == null ? null : byEntry.remove(seq);
        if (byEntry != null && byEntry.isEmpty()) {
            removalWatchers.remove(id);
        }
        if (ws != null) {
            notifyRemoved(ws);
        }
        return e;
    }

    /** Registers a watcher of one entry's removal; call with the lock held. */
    AutoCloseable onRemoval(LockId id, long seq, Runnable removed) {
        removalWatchers
                .computeIfAbsent(id, k -> new HashMap<>())
                .computeIfAbsent(seq, k -> new ArrayList<>())
                .add(removed);
        return () -> {
            lock.lock();
            try {
                Map<Long, List<Runnable>> byEntry = removalWatchers.get(id);
                List<Runnable> ws = byEntry == null ? null : byEntry.get(seq);
                if (ws != null) {
                    ws.remove(removed);
                }
            } finally {
                lock.unlock();
            }
        };
    }

    void notifyRemoved(List<Runnable> watchers) {
        for (Runnable w : List.copyOf(watchers)) {
            NOTIFIER.execute(() -> {
                try {
                    w.run();
                } catch (RuntimeException e) {
                    LOG.warn("memory://{} queue watcher threw", name, e);
                }
            });
        }
    }

    void checkAvailable() {
        if (down) {
            throw new ToozConnectionException(
                    "memory://" + name + " is unavailable (simulated outage); it recovers when made available again");
        }
    }

    /** Takes the lock after checking availability and expiring overdue sessions. */
    void enter() {
        checkAvailable();
        lock.lock();
        reapLocked();
    }

    /** With the lock held: fails if unavailable, expires overdue sessions. */
    void recheck() {
        checkAvailable();
        reapLocked();
    }

    void exit() {
        lock.unlock();
    }

    Session openSession(String memberId, Duration ttl, DriverEvents events) {
        enter();
        try {
            Session s = new Session(memberId, ttl, events);
            sessions.put(s.id, s);
            return s;
        } finally {
            exit();
        }
    }

    void touch(Session s) {
        checkAvailable();
        s.lastBeat = System.nanoTime();
    }

    void closeSession(Session s) {
        lock.lock();
        try {
            end(s, false);
        } finally {
            lock.unlock();
        }
    }

    /** Ends a session now, as an expiry does. */
    void expire(Session s) {
        lock.lock();
        try {
            LOG.info("memory://{}: session of {} ended (simulated expiry)", name, s.memberId);
            end(s, true);
        } finally {
            lock.unlock();
        }
    }

    private static void reapNow(MemoryBackend b) {
        b.lock.lock();
        try {
            b.reapLocked();
        } finally {
            b.lock.unlock();
        }
    }

    private void reapLocked() {
        long now = System.nanoTime();
        if (now - lastReap < REAP_EVERY_NANOS) {
            return; // the reaper thread and the next operation after this interval catch expiries
        }
        lastReap = now;
        for (Session s : new ArrayList<>(sessions.values())) {
            if (now - s.lastBeat > s.ttlNanos) {
                LOG.info("memory://{}: session of {} expired", name, s.memberId);
                end(s, true);
            }
        }
    }

    /** Removes a session's members and locks; with {@code notify}, tells its coordinator the session is lost. */
    private void end(Session s, boolean notify) {
        if (sessions.remove(s.id) == null) {
            return;
        }
        s.dead = true;
        for (Map.Entry<String, Map<String, Member>> g : groups.entrySet()) {
            Set<String> left = new java.util.HashSet<>();
            g.getValue().entrySet().removeIf(e -> e.getValue().session() == s && left.add(e.getKey()));
            if (!left.isEmpty()) {
                notifyChanges(g.getKey(), Set.of(), left);
            }
        }
        List<LockId> freed = new ArrayList<>();
        locks.values().removeIf(h -> h.session() == s && freed.add(h.lease().id()));
        if (!freed.isEmpty()) {
            changed.signalAll();
            freed.forEach(this::holderChanged);
        }
        for (Map.Entry<LockId, java.util.TreeMap<Long, Queued>> q : List.copyOf(queues.entrySet())) {
            for (Queued e : List.copyOf(q.getValue().values())) {
                if (e.session() == s) {
                    removeQueued(q.getKey(), e.entry().sequence());
                }
            }
        }
        if (notify) {
            NOTIFIER.execute(() -> {
                try {
                    s.events.sessionLost();
                } catch (ToozException e) {
                    LOG.debug("session-lost event for {} not delivered: {}", s.memberId, e.getMessage());
                }
            });
        }
    }

    /** Queues a snapshot of the group's members (or its absence) to its watchers; call with the lock held. */
    void notifyMembers(String group) {
        List<DriverWatch.MembershipListener> ws = watchers.get(group);
        if (ws == null || ws.isEmpty()) {
            return;
        }
        Map<String, Member> members = groups.get(group);
        Set<String> snapshot = members == null ? null : Set.copyOf(members.keySet());
        for (DriverWatch.MembershipListener w : List.copyOf(ws)) {
            NOTIFIER.execute(() -> {
                try {
                    w.onMembers(snapshot == null ? Set.of() : snapshot);
                } catch (RuntimeException e) {
                    LOG.warn("memory://{} watcher of group {} threw", name, group, e);
                }
            });
        }
    }

    /** Queues an exact delta to the group's watchers; call with the lock held. */
    void notifyChanges(String group, Set<String> joined, Set<String> left) {
        List<DriverWatch.MembershipListener> ws = watchers.get(group);
        if (ws == null || ws.isEmpty()) {
            return;
        }
        Set<String> j = Set.copyOf(joined);
        Set<String> l = Set.copyOf(left);
        for (DriverWatch.MembershipListener w : List.copyOf(ws)) {
            NOTIFIER.execute(() -> {
                try {
                    w.onChanges(j, l);
                } catch (RuntimeException e) {
                    LOG.warn("memory://{} watcher of group {} threw", name, group, e);
                }
            });
        }
    }

    /** Queues a call to everyone watching the lock's holder ({@code watchHolder}); call with the lock held. */
    void holderChanged(LockId id) {
        List<Runnable> ws = holderWatchers.get(id);
        if (ws == null || ws.isEmpty()) {
            return;
        }
        for (Runnable w : List.copyOf(ws)) {
            NOTIFIER.execute(() -> {
                try {
                    w.run();
                } catch (RuntimeException e) {
                    LOG.warn("memory://{} holder watcher of {} threw", name, id, e);
                }
            });
        }
    }

    void notifyLeaseLost(Held h, LossReason reason) {
        NOTIFIER.execute(() -> {
            try {
                h.session().events.leaseLost(h.lease(), reason);
            } catch (ToozException e) {
                LOG.debug("lease-lost event not delivered: {}", e.getMessage());
            }
        });
    }
}
