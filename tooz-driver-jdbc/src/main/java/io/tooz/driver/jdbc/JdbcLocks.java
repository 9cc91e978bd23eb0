package io.tooz.driver.jdbc;

import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server locks (advisory locks, {@code GET_LOCK}), each held on a connection of its own for as long as it is held:
 * the server ends the lock with that session. A grant takes its fencing token in the same round trip. Each
 * connection is registered once with the member it serves, so others can name a holder and mark a session broken. Waiting
 * happens in the server; an interrupted waiter's statement is cancelled. The heartbeat checks, in one query, that
 * every held lock still belongs to its connection's session, and reports the lost ones.
 */
final class JdbcLocks implements DriverLocks {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcLocks.class);

    /** The longest single wait in the server. */
    private static final long WAIT_SLICE_MS = 1000;

    private final JdbcDriver driver;
    private final Dialect dialect;
    private final String prefix;
    private final Set<DriverLease> held = ConcurrentHashMap.newKeySet();
    private final JdbcWaiters waiters;
    /** Grants someone listens to the loss of ({@link io.tooz.LockLease#lost()}): checked every second. */
    private final Set<DriverLease> watched = ConcurrentHashMap.newKeySet();

    private java.util.concurrent.ScheduledFuture<?> watching;

    /** A grant's connection; {@code done} once released or lost. */
    static final class Held {
        final LockKey key;
        final JdbcPool.Conn conn;
        boolean done;

        Held(LockKey key, JdbcPool.Conn conn) {
            this.key = key;
            this.conn = conn;
        }
    }

    JdbcLocks(JdbcDriver driver) {
        this.driver = driver;
        this.dialect = driver.dialect();
        this.prefix = driver.settings().tablePrefix();
        this.waiters = new JdbcWaiters(dialect, driver.context()::scheduler);
    }

    private LockKey key(LockId id) {
        return dialect.lockKey(id, driver.settings().toozLockIds());
    }

    @Override
    public Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos) {
        LockKey k = key(id);
        String what = "acquiring " + k.label();
        if (Thread.currentThread().isInterrupted()) {
            throw new ToozException(what + ": interrupted");
        }
        JdbcPool.Conn c = driver.pool().borrow(what);
        try {
            if (!c.registered) {
                dialect.register(c.jdbc, prefix, driver.memberId());
                c.registered = true;
            }
            OptionalLong token = dialect.tryLock(c, prefix, k);
            if (token.isEmpty() && timeoutNanos > 0) {
                token = waitInSlices(c, k, timeoutNanos);
            }
            if (token.isEmpty()) {
                driver.pool().give(c);
                return Optional.empty();
            }
            DriverLease lease = new DriverLease(id, token.getAsLong(), new Held(k, c));
            held.add(lease);
            return Optional.of(lease);
        } catch (SQLException e) {
            if (Thread.currentThread().isInterrupted()) {
                JdbcPool.close(c);
                throw new ToozException(what + ": interrupted while waiting", e);
            }
            throw driver.pool().failed(what, c, e);
        }
    }

    /**
     * Waits in the server, in slices of at most {@link #WAIT_SLICE_MS}: a waiter that somehow missed its grant tries
     * again within a second, at the cost of re-queueing behind waiters that came later.
     */
    private OptionalLong waitInSlices(JdbcPool.Conn c, LockKey k, long timeoutNanos) throws SQLException {
        boolean forever = timeoutNanos == Long.MAX_VALUE;
        long deadline = forever ? 0 : System.nanoTime() + timeoutNanos;
        while (true) {
            long left = forever ? WAIT_SLICE_MS : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            long slice = Math.max(1, Math.min(WAIT_SLICE_MS, left));
            if (waiters.await(c, () -> dialect.waitLock(c.jdbc, k, slice))) {
                return OptionalLong.of(dialect.token(c.jdbc, prefix, k));
            }
            if (!forever && System.nanoTime() - deadline >= 0) {
                return OptionalLong.empty();
            }
        }
    }

    /** Ends a grant (released, lost or dropped) once: true for the first caller only. */
    private boolean end(DriverLease lease) {
        Held h = (Held) lease.handle();
        synchronized (h) {
            if (h.done) {
                return false;
            }
            h.done = true;
        }
        held.remove(lease);
        return true;
    }

    @Override
    public boolean release(DriverLease lease) {
        if (!end(lease)) {
            return false;
        }
        Held h = (Held) lease.handle();
        try {
            boolean released = dialect.unlock(h.conn, h.key);
            driver.pool().give(h.conn);
            return released;
        } catch (SQLException e) {
            JdbcPool.close(h.conn);
            if (dialect.isConnectionError(e)) {
                return false; // the session is gone, and the lock with it
            }
            throw driver.pool().errors().translate("releasing " + h.key.label(), e);
        }
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        Held h = (Held) lease.handle();
        synchronized (h) {
            if (h.done) {
                return false;
            }
            try {
                Long session = dialect.holders(h.conn.jdbc, List.of(h.key)).get(h.key);
                return session != null && session == h.conn.session;
            } catch (SQLException e) {
                if (dialect.isConnectionError(e)) {
                    return false;
                }
                throw driver.pool().errors().translate("checking " + h.key.label(), e);
            }
        }
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

    /** Checks every held lock in one query; reports those whose session lost them. */
    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        List<DriverLease> live = new ArrayList<>();
        List<LockKey> keys = new ArrayList<>();
        for (DriverLease l : leases) {
            if (held.contains(l)) {
                live.add(l);
                keys.add(((Held) l.handle()).key);
            }
        }
        if (live.isEmpty()) {
            return Set.of();
        }
        Map<LockKey, Long> holders;
        try {
            holders = driver.pool().call("checking held locks", c -> dialect.holders(c, keys));
        } catch (RuntimeException e) {
            checkOwnConnections();
            throw e;
        }
        for (DriverLease l : live) {
            Held h = (Held) l.handle();
            Long session = holders.get(h.key);
            if (session == null || session != h.conn.session) {
                lost(l, broken(l) ? LossReason.BROKEN : LossReason.CONNECTION_LOST);
            }
        }
        return Set.of();
    }

    /**
     * When the server cannot be asked which session holds what: a lock whose own connection is dead is lost (the
     * server ended it with the session, or will when it notices).
     */
    void checkOwnConnections() {
        for (DriverLease l : Set.copyOf(held)) {
            if (!valid((Held) l.handle())) {
                lost(l, LossReason.CONNECTION_LOST);
            }
        }
    }

    private static boolean valid(Held h) {
        synchronized (h) {
            try {
                return !h.done && h.conn.jdbc.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        }
    }

    /** Whether {@link #forceBreak} ended the grant's session. */
    private boolean broken(DriverLease l) {
        Held h = (Held) l.handle();
        try {
            return driver.pool()
                    .call(
                            "reading whether " + h.key.label() + " was broken",
                            c -> Sql.number(
                                                    c,
                                                    "SELECT broken FROM " + prefix + "connections WHERE session_id = ?",
                                                    h.conn.session)
                                            .orElse(0)
                                    == 1);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void lost(DriverLease lease, LossReason reason) {
        if (!end(lease)) {
            return;
        }
        Held h = (Held) lease.handle();
        JdbcPool.close(h.conn);
        LOG.warn("{} held by {} was lost ({})", h.key.label(), driver.memberId(), reason);
        driver.context().events().leaseLost(lease, reason);
    }

    /** Someone waits for this grant's loss: check it every second rather than at every heartbeat only. */
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
        watched.retainAll(held);
        if (watched.isEmpty()) {
            return;
        }
        try {
            refresh(List.copyOf(watched));
        } catch (RuntimeException e) {
            LOG.debug("checking the locks of {} failed: {}", driver.memberId(), e.toString());
        }
    }

    @Override
    public boolean canBreak() {
        return true;
    }

    /** Marks the holder's session broken and ends the holder's session, which frees the lock. */
    @Override
    public boolean forceBreak(LockId id) {
        LockKey k = key(id);
        return driver.pool().call("breaking " + k.label(), c -> {
            Long session = dialect.holders(c, List.of(k)).get(k);
            if (session == null) {
                return false;
            }
            Sql.update(c, "UPDATE " + prefix + "connections SET broken = 1 WHERE session_id = ?", session);
            dialect.endSession(c, session);
            return true;
        });
    }

    /** Drops every held lock by closing its connection, and reports the session lost (tests' expireSession). */
    void dropAll(boolean reportSessionLost) {
        for (DriverLease l : Set.copyOf(held)) {
            if (end(l)) {
                JdbcPool.close(((Held) l.handle()).conn);
            }
        }
        if (reportSessionLost) {
            driver.context().events().sessionLost();
        }
    }

    void close() {
        synchronized (this) {
            if (watching != null) {
                watching.cancel(false);
            }
        }
        dropAll(false);
        waiters.close();
    }
}
