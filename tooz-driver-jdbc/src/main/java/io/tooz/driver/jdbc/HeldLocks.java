package io.tooz.driver.jdbc;

import io.tooz.LossReason;
import io.tooz.spi.DriverLease;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the loss of this coordinator's grants is found (the core keeps the grants themselves). The core's refreshes ping each holding connection,
 * which keeps its session alive and confirms the grant; grants whose {@code lost()} someone listens to are also checked
 * every second on another connection. A holder is always told of a loss before its connection is closed, since the
 * close frees the lock for others.
 */
final class HeldLocks {
    private static final Logger LOG = LoggerFactory.getLogger(HeldLocks.class);
    private static final String PING = "SELECT 1";

    private final JdbcDriver driver;
    private final Dialect dialect;
    private final String prefix;
    private final JdbcErrors errors;
    /** Grants someone listens to the loss of ({@link io.tooz.LockLease#lost()}): checked every second. */
    private final Set<DriverLease> watched = ConcurrentHashMap.newKeySet();
    /** Whether the last ping went unanswered. */
    private volatile boolean unreachable;

    private ScheduledFuture<?> watching;

    /** A grant's connection; {@code done} once released or lost. Requests on the connection hold its monitor. */
    static final class Held {
        final LockKey key;
        final JdbcPool.Conn conn;
        boolean done;

        Held(LockKey key, JdbcPool.Conn conn) {
            this.key = key;
            this.conn = conn;
        }
    }

    HeldLocks(JdbcDriver driver) {
        this.driver = driver;
        this.dialect = driver.dialect();
        this.prefix = driver.settings().tablePrefix();
        this.errors = new JdbcErrors(driver.settings());
    }

    static Held held(DriverLease lease) {
        return (Held) lease.handle();
    }

    /** Ends a grant (released, lost or dropped) once: true for the first caller only. */
    boolean end(DriverLease lease) {
        Held h = held(lease);
        synchronized (h) {
            if (h.done) {
                return false;
            }
            h.done = true;
        }
        return true;
    }

    /** Whether the server left the last ping unanswered: a release then drops its connection rather than wait. */
    boolean unreachable() {
        return unreachable;
    }

    /** A request on a lock connection was answered. */
    void answered() {
        if (unreachable) {
            unreachable = false;
        }
    }

    /**
     * Pings each grant's connection ({@code SELECT 1}), one after the other: an answer keeps the session alive and
     * confirms the grant; a connection found dead loses its grant. The first ping left unanswered for the socket timeout
     * ends the round with an exception (the server is out of reach, the remaining pings would wait as long each, and
     * nothing is confirmed).
     */
    Set<DriverLease> refresh(Collection<DriverLease> leases) {
        for (DriverLease l : leases) {
            SQLException failure = ping(held(l));
            if (failure == null) {
                answered();
                continue;
            }
            boolean silent = JdbcErrors.timedOut(failure);
            unreachable = silent;
            lost(l, failure);
            if (silent) {
                throw errors.translate("confirming the locks of " + driver.memberId(), failure);
            }
        }
        return Set.of();
    }

    private static SQLException ping(Held h) {
        synchronized (h) {
            if (h.done) {
                return null;
            }
            try {
                h.conn.prepared(PING).executeQuery().close();
                return null;
            } catch (SQLException e) {
                return e;
            }
        }
    }

    /**
     * The grant's connection failed: lost, {@link LossReason#BROKEN} if {@link JdbcLocks#forceBreak} ended it (asked
     * only when the server ended the session, so it answers), else {@link LossReason#CONNECTION_LOST}.
     */
    void lost(DriverLease lease, SQLException failure) {
        lost(lease, dialect.endedByServer(failure) && broken(lease) ? LossReason.BROKEN : LossReason.CONNECTION_LOST);
    }

    /** Tells the holder first, then closes the connection, which lets the server free the lock for others. */
    void lost(DriverLease lease, LossReason reason) {
        if (!end(lease)) {
            return;
        }
        Held h = held(lease);
        LOG.warn("{} held by {} was lost ({})", h.key.label(), driver.memberId(), reason);
        try {
            driver.context().events().leaseLost(lease, reason);
        } finally {
            JdbcPool.close(h.conn);
        }
    }

    /** Someone waits for this grant's loss: check it every second rather than at every refresh only. */
    void watch(DriverLease lease) {
        watched.add(lease);
        synchronized (this) {
            if (watching == null) {
                watching =
                        driver.context().scheduler().scheduleWithFixedDelay(this::checkWatched, 1, 1, TimeUnit.SECONDS);
            }
        }
    }

    private void checkWatched() {
        watched.removeIf(l -> held(l).done);
        if (watched.isEmpty()) {
            return;
        }
        try {
            checkHolders(List.copyOf(watched));
        } catch (RuntimeException e) {
            LOG.debug("checking the locks of {} failed: {}", driver.memberId(), e.toString());
        }
    }

    /**
     * Checks, in one query on another connection, that every grant still belongs to its connection's session; reports
     * those whose session lost them. Asks nothing of the holding connections, so it keeps no session alive.
     */
    private void checkHolders(List<DriverLease> leases) {
        List<DriverLease> live = new ArrayList<>();
        List<LockKey> keys = new ArrayList<>();
        for (DriverLease l : leases) {
            if (!held(l).done) {
                live.add(l);
                keys.add(held(l).key);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        Map<LockKey, Long> holders = driver.pool().call("checking held locks", c -> dialect.holders(c, keys));
        for (DriverLease l : live) {
            Held h = held(l);
            Long session = holders.get(h.key);
            if (session == null || session != h.conn.session) {
                lost(l, broken(l) ? LossReason.BROKEN : LossReason.CONNECTION_LOST);
            }
        }
    }

    /** Whether {@link JdbcLocks#forceBreak} ended the grant's session. */
    private boolean broken(DriverLease l) {
        Held h = held(l);
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

    /** Stops watching and drops every held lock by closing its connection. */
    void close() {
        synchronized (this) {
            if (watching != null) {
                watching.cancel(false);
            }
        }
        for (DriverLease l : driver.context().heldLeases()) {
            if (end(l)) {
                JdbcPool.close(held(l).conn);
            }
        }
    }
}
