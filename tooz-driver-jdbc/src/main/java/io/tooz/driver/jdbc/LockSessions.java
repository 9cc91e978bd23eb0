package io.tooz.driver.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections that hold locks: a pool of their own, each connection told once, when it is opened, to let the server
 * end it after {@link #ttl()} of silence (PostgreSQL 14+ {@code idle_session_timeout}, MySQL {@code wait_timeout}), so
 * a holder cut off from the server loses its locks within that time. While a lock is held the core's refreshes ping
 * its connection, which keeps the session alive and confirms the grant. Idle connections are not kept past half the
 * limit, so the server never ends one that is about to be used. A server that refuses the limit (PostgreSQL before
 * 14) keeps a cut-off holder's locks until it drops the connection; that is logged once.
 *
 * <p>A restart frees every lock at once, while their holders may not have noticed yet. So each new connection also
 * reads how long the server has been up: until the server has been up for the TTL, no lock is granted ({@link
 * #youngForNanos()}), and a holder the restart cut off is told first (at its deadline, or its next ping).
 */
final class LockSessions {
    private static final Logger LOG = LoggerFactory.getLogger(LockSessions.class);

    private final JdbcSettings settings;
    private final Dialect dialect;
    private final Duration ttl;
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile boolean limited;
    private volatile long youngUntilNanos = System.nanoTime();
    private final AtomicBoolean uptimeWarned = new AtomicBoolean();

    LockSessions(JdbcSettings settings) {
        this.settings = settings;
        this.dialect = settings.dialect();
        this.ttl = dialect.idleLimit(settings.timeout());
    }

    /** The server's idle limit on a lock's session, and so the TTL of every grant. */
    Duration ttl() {
        return ttl;
    }

    /** The pool of lock connections; call after the dialect {@linkplain Dialect#learn learned} the server. */
    JdbcPool newPool(String applicationName) {
        limited = dialect.hasIdleLimit();
        if (!limited) {
            unlimited("the server is older than PostgreSQL 14, which has no idle_session_timeout");
        }
        return new JdbcPool(settings, applicationName, ttl, ttl.toNanos() / 2, this::setUp);
    }

    /** How long grants must still wait because the server started less than a TTL ago; 0 once it has been up that long. */
    long youngForNanos() {
        return Math.max(0, youngUntilNanos - System.nanoTime());
    }

    private void setUp(Connection c) throws SQLException {
        limitIdleSessions(c);
        readUptime(c);
        dialect.prepareFencing(c, settings.tablePrefix());
    }

    /**
     * Reads how long the server has been up, on a new connection of any pool: the queues of read-write locks and
     * semaphores depend on it too ({@link JdbcLockQueues}).
     */
    void readUptime(Connection c) throws SQLException {
        long asked = System.nanoTime();
        double seconds;
        try (Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(dialect.uptimeQuery())) {
            if (!rs.next()) {
                throw new SQLException("no row");
            }
            seconds = rs.getDouble(rs.getMetaData().getColumnCount());
        } catch (SQLException e) {
            if (dialect.isConnectionError(e)) {
                throw e;
            }
            if (uptimeWarned.compareAndSet(false, true)) {
                LOG.warn(
                        "{} at {} did not say how long it has been up ({}): locks are granted at once after a server"
                                + " restart, possibly before a holder the restart cut off has been told",
                        dialect.displayName(),
                        settings.address(),
                        e.getMessage());
            }
            return;
        }
        long young = ttl.toNanos() - (long) Math.floor(seconds * 1e9);
        if (young > 0) {
            long until = asked + young;
            if (until - youngUntilNanos > 0) {
                youngUntilNanos = until;
                LOG.info(
                        "{} at {} has been up for {} s only: no lock is granted for another {} ms, so that holders a"
                                + " restart cut off are told first",
                        dialect.displayName(),
                        settings.address(),
                        String.format(java.util.Locale.ROOT, "%.1f", seconds),
                        TimeUnit.NANOSECONDS.toMillis(young));
            }
        }
    }

    private void limitIdleSessions(Connection c) throws SQLException {
        if (limited) {
            try {
                run(c, dialect.lockSessionSetup(ttl, true));
                return;
            } catch (SQLException e) {
                if (dialect.isConnectionError(e)) {
                    throw e;
                }
                limited = false;
                unlimited("the server refused it (" + e.getMessage() + ")");
            }
        }
        run(c, dialect.lockSessionSetup(ttl, false));
    }

    private static void run(Connection c, List<String> statements) throws SQLException {
        for (String sql : statements) {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }
    }

    private void unlimited(String why) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn(
                    "{} at {} cannot end a silent lock session after {} ms: {}. A holder cut off from the server keeps"
                            + " its locks until the server drops its connection (TCP keepalive); it is still told of"
                            + " the loss within timeout",
                    dialect.displayName(),
                    settings.address(),
                    ttl.toMillis(),
                    why);
        }
    }
}
