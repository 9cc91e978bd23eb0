package io.tooz.driver.jdbc;

import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.internal.memo.BoundedMemo;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Server locks (advisory locks, {@code GET_LOCK}), each held on a connection of its own for as long as it is held:
 * the server ends the lock with that session, and ends a session that stays silent for the lease TTL (see {@link
 * LockSessions}). A grant takes its fencing token in the same round trip and is confirmed as of the moment that request
 * was sent; {@link HeldLocks} keeps it confirmed and finds its loss. Each connection is registered once with the member
 * it serves, so others can name a holder and mark a session broken. Waiting happens in the server; an interrupted
 * waiter's statement is cancelled.
 */
final class JdbcLocks implements DriverLocks {
    /** The longest single wait in the server. */
    private static final long WAIT_SLICE_MS = 1000;

    private final JdbcDriver driver;
    private final Dialect dialect;
    private final String prefix;
    private final LockSessions sessions;
    private final HeldLocks held;
    private final JdbcWaiters waiters;
    private final LockIdsWarning lockIdsWarning;

    private volatile JdbcPool pool;
    private volatile ScheduledFuture<?> sweeping;

    /** A grant's token and when the request that made it was sent. */
    private record Grant(long token, long sentNanos) {}

    /** At most this many locks' keys are remembered; past it, the memory starts afresh. */
    private static final int MAX_KEYS = 4096;

    /** A lock's key, and its key in the other {@code lock_ids} layout if there is one ({@link Dialect#otherLayout}). */
    private record Keys(LockKey key, @Nullable LockKey other) {}

    /** Keys computed once per lock: hashing a name costs more than the rest of a grant's work in this process. */
    private final BoundedMemo<LockId, Keys> keys;

    JdbcLocks(JdbcDriver driver) {
        this.driver = driver;
        this.dialect = driver.dialect();
        this.prefix = driver.settings().tablePrefix();
        this.sessions = new LockSessions(driver.settings());
        this.held = new HeldLocks(driver);
        this.waiters = new JdbcWaiters(dialect, driver.context()::scheduler);
        this.lockIdsWarning = new LockIdsWarning(driver.settings().toozLockIds(), driver.memberId());
        boolean toozLockIds = driver.settings().toozLockIds();
        this.keys = new BoundedMemo<>(
                MAX_KEYS, id -> new Keys(dialect.lockKey(id, toozLockIds), dialect.otherLayout(id, toozLockIds)));
    }

    /** The lock sessions' TTL and what they know of the server's restarts. */
    LockSessions sessions() {
        return sessions;
    }

    /** Opens the pool of lock connections, once the dialect knows the server. */
    void start(String applicationName) {
        pool = sessions.newPool(applicationName);
    }

    private JdbcPool pool() {
        JdbcPool p = pool;
        if (p == null) {
            throw new ToozConnectionException("not connected to " + dialect.displayName() + " at "
                    + driver.settings().address());
        }
        return p;
    }

    private LockKey key(LockId id) {
        return keys(id).key();
    }

    private Keys keys(LockId id) {
        return keys.get(id);
    }

    /** The idle limit of the session holding the grant, the same for every lock and leadership. */
    @Override
    public Optional<Duration> leaseTtl(LockId id) {
        return Optional.of(sessions.ttl());
    }

    @Override
    public Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos) {
        Keys ks = keys(id);
        LockKey k = ks.key();
        String what = "acquiring " + k.label();
        if (Thread.currentThread().isInterrupted()) {
            throw new ToozException(what + ": interrupted");
        }
        JdbcPool p = pool();
        startSweeping(p);
        JdbcPool.Conn c = p.borrow(what);
        Grant grant;
        try {
            grant = tryLock(c, ks);
        } catch (SQLException e) {
            if (!c.reused || !dialect.isConnectionError(e) || JdbcErrors.timedOut(e)) {
                throw p.failed(what, c, e);
            }
            JdbcPool.close(c); // an idle connection the server had ended: once more on a new one
            c = p.open(what);
            try {
                grant = tryLock(c, ks);
            } catch (SQLException again) {
                throw p.failed(what, c, again);
            }
        }
        try {
            if (grant == null && timeoutNanos > 0) {
                grant = waitInSlices(p, c, k, timeoutNanos);
            }
        } catch (SQLException e) {
            if (Thread.currentThread().isInterrupted()) {
                JdbcPool.close(c);
                throw new ToozException(what + ": interrupted while waiting", e);
            }
            throw p.failed(what, c, e);
        }
        held.answered();
        if (grant == null) {
            p.give(c);
            return Optional.empty();
        }
        return Optional.of(new DriverLease(id, grant.token(), new HeldLocks.Held(k, c), grant.sentNanos()));
    }

    /** Null if not granted, or if the server is too young to grant ({@link LockSessions#youngForNanos()}). */
    private Grant tryLock(JdbcPool.Conn c, Keys ks) throws SQLException {
        if (!c.registered) { // before any grant, the waited-for ones too: the holder is looked up by its session
            dialect.register(c.jdbc, prefix, driver.memberId());
            c.registered = true;
        }
        if (sessions.youngForNanos() > 0) {
            return null;
        }
        LockKey k = ks.key();
        LockKey other = ks.other();
        if (other != null && !lockIdsWarning.askNow()) {
            other = null;
        }
        long sent = System.nanoTime();
        Dialect.Attempt attempt = dialect.tryLock(c, prefix, k, other);
        if (attempt.otherLayoutHeld()) {
            lockIdsWarning.otherLayoutHeld(k, other);
        }
        OptionalLong token = attempt.token();
        return token.isPresent() ? new Grant(token.getAsLong(), sent) : null;
    }

    /**
     * Waits in the server, in slices of at most {@link #WAIT_SLICE_MS}, each request allowed that long plus the usual
     * socket timeout: a waiter that somehow missed its grant tries again within a second, at the cost of re-queueing
     * behind waiters that came later. The grant counts from when its token was asked for, after the wait.
     */
    private Grant waitInSlices(JdbcPool p, JdbcPool.Conn c, LockKey k, long timeoutNanos) throws SQLException {
        boolean got = p.withNetworkTimeout(c, WAIT_SLICE_MS + p.networkTimeoutMillis(), x -> {
            boolean forever = timeoutNanos == Long.MAX_VALUE;
            long deadline = forever ? 0 : System.nanoTime() + timeoutNanos;
            while (true) {
                long left = forever ? WAIT_SLICE_MS : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                long slice = Math.max(1, Math.min(WAIT_SLICE_MS, left));
                long young = TimeUnit.NANOSECONDS.toMillis(sessions.youngForNanos());
                if (young > 0) { // a restarted server: as if the lock were held until it has been up a TTL
                    sleepMillis(Math.min(young + 1, slice));
                } else if (waiters.await(c, () -> dialect.waitLock(c.jdbc, k, slice))) {
                    return true;
                }
                if (!forever && System.nanoTime() - deadline >= 0) {
                    return false;
                }
            }
        });
        if (!got) {
            return null;
        }
        long sent = System.nanoTime();
        return new Grant(dialect.token(c.jdbc, prefix, k), sent);
    }

    private static void sleepMillis(long ms) throws SQLException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the server was too young to grant", e);
        }
    }

    /** Closes the lock connections idle too long to use, before the server ends them; started on the first lock. */
    private void startSweeping(JdbcPool p) {
        if (sweeping != null) {
            return;
        }
        synchronized (this) {
            if (sweeping == null) {
                long every = Math.max(50, sessions.ttl().toMillis() / 4);
                sweeping = driver.context()
                        .scheduler()
                        .scheduleWithFixedDelay(p::sweep, every, every, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Unlocks on the grant's connection and keeps it; while the server does not answer pings, drops the connection
     * instead, so no release waits: the server frees the lock when the close reaches it, or at the idle limit. (A grant
     * the core still counts as held is held by the server, so dropping its connection releases it.)
     */
    @Override
    public boolean release(DriverLease lease) {
        if (!held.end(lease)) {
            return false;
        }
        HeldLocks.Held h = HeldLocks.held(lease);
        synchronized (h) {
            if (held.unreachable()) {
                JdbcPool.close(h.conn);
                return true;
            }
            try {
                boolean released = dialect.unlock(h.conn, prefix, h.key);
                pool().give(h.conn);
                return released;
            } catch (SQLException e) {
                JdbcPool.close(h.conn);
                if (dialect.isConnectionError(e)) {
                    return false; // the session is gone, and the lock with it
                }
                throw pool().errors().translate("releasing " + h.key.label(), e);
            }
        }
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        HeldLocks.Held h = HeldLocks.held(lease);
        SQLException failure;
        synchronized (h) {
            if (h.done) {
                return false;
            }
            try {
                Long session = dialect.holders(h.conn.jdbc, List.of(h.key)).get(h.key);
                return session != null && session == h.conn.session;
            } catch (SQLException e) {
                if (!dialect.isConnectionError(e)) {
                    throw pool().errors().translate("checking " + h.key.label(), e);
                }
                failure = e;
            }
        }
        held.lost(lease, failure);
        return false;
    }

    @Override
    public Optional<String> holder(LockId id) {
        LockKey k = key(id);
        return driver.pool().call("reading the holder of " + k.label(), c -> {
            Long session = dialect.holders(c, List.of(k)).get(k);
            if (session == null) {
                return Optional.empty();
            }
            return Optional.of(dialect.memberOf(c, prefix, session)
                    .orElse("(" + dialect.displayName() + " session " + session + ")"));
        });
    }

    @Override
    public OptionalLong lastFencingToken(LockId id) {
        LockKey k = key(id);
        return driver.pool().call("reading the fencing token of " + k.label(), c -> dialect.lastToken(c, prefix, k));
    }

    /**
     * PostgreSQL: a release and a leader's grant notify watched locks ({@link LockWatches}); a holder whose session
     * ended notifies nothing (the core's safety re-reads find it). MySQL pushes nothing: {@code null}.
     */
    @Override
    public @Nullable AutoCloseable watchHolder(LockId id, Runnable changed) {
        return dialect.pushesChanges() ? driver.watcher().locks().watchHolder(id, changed) : null;
    }

    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        return held.refresh(leases);
    }

    @Override
    public void watchLoss(DriverLease lease) {
        held.watch(lease);
    }

    /** Marks the holder's session broken and ends the holder's session, which frees the lock. */
    @Override
    public boolean forceBreak(LockId id) {
        LockKey k = key(id);
        JdbcPool general = driver.pool();
        return general.callOn("breaking " + k.label(), c -> {
            Long session = dialect.holders(c.jdbc, List.of(k)).get(k);
            if (session == null) {
                return false;
            }
            Sql.update(c.jdbc, "UPDATE " + prefix + "connections SET broken = 1 WHERE session_id = ?", session);
            // the server may wait up to 5 s for the session to end
            general.withNetworkTimeout(
                    c, 5_000 + general.networkTimeoutMillis(), x -> dialect.endSession(c.jdbc, session));
            return true;
        });
    }

    void close() {
        synchronized (this) {
            if (sweeping != null) {
                sweeping.cancel(false);
            }
        }
        held.close();
        waiters.close();
        JdbcPool p = pool;
        if (p != null) {
            p.close();
        }
    }
}
