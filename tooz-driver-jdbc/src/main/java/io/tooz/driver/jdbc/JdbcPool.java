package io.tooz.driver.jdbc;

import io.tooz.ToozConnectionException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small pool of autocommit connections. Connections holding a server lock are borrowed for as long as the lock is
 * held, so the pool never blocks: it opens a connection when none is idle and keeps at most {@code pool_size} idle.
 * One connection error drops every idle connection, since a server restart has killed them all. Every request on a
 * connection waits at most its socket timeout ({@code timeout}, unless said otherwise) for the server's answer; the
 * JDBC driver closes a connection whose request timed out, and the pool never takes it back.
 */
final class JdbcPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPool.class);
    /** Idle connections older than this are checked before use. */
    private static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final JdbcSettings settings;
    private final Dialect dialect;
    private final JdbcErrors errors;
    private final Driver driver;
    private final String url;
    private final Properties properties = new Properties();
    /** Whether the last request failed on its connection; close() then skips what would only wait as long. */
    private volatile boolean unreachable;

    private final Deque<Conn> idle = new ArrayDeque<>();
    private final int networkTimeoutMillis;
    private final long discardIdleNanos;
    private final SessionSetup setup;
    private boolean closed;

    /** What runs once on each new connection of a pool, after the dialect's own setup. */
    @FunctionalInterface
    interface SessionSetup {
        void apply(Connection c) throws SQLException;
    }

    /** A pooled connection and its server session id. */
    static final class Conn {
        final Connection jdbc;
        final long session;
        long idleSince;
        /** Whether it last came from the idle connections rather than straight from the server. */
        boolean reused;
        /** Whether the connection is registered in the connections table (see {@link Dialect#register}). */
        boolean registered;

        private final Map<String, PreparedStatement> prepared = new HashMap<>();

        Conn(Connection jdbc, long session) {
            this.jdbc = jdbc;
            this.session = session;
        }

        /** A statement prepared once per connection: the lock path's statements, run thousands of times. */
        PreparedStatement prepared(String sql) throws SQLException {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = jdbc.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }
    }

    /** The pool for everything but locks: requests wait at most {@code timeout}, idle connections live on. */
    JdbcPool(JdbcSettings settings, String applicationName) {
        this(settings, applicationName, settings.timeout(), Long.MAX_VALUE, c -> {});
    }

    /**
     * @param networkTimeout how long each request waits for its answer
     * @param discardIdleNanos idle connections older than this are closed, not used
     * @param setup run once on each new connection
     */
    JdbcPool(
            JdbcSettings settings,
            String applicationName,
            java.time.Duration networkTimeout,
            long discardIdleNanos,
            SessionSetup setup) {
        this.settings = settings;
        this.dialect = settings.dialect();
        this.errors = new JdbcErrors(settings);
        this.driver = dialect.jdbcDriver();
        this.url = dialect.jdbcUrl(settings);
        this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, networkTimeout.toMillis());
        this.discardIdleNanos = discardIdleNanos;
        this.setup = setup;
        properties.putAll(settings.connectionProperties());
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        Map.Entry<String, String> client = dialect.clientName(applicationName);
        properties.setProperty(client.getKey(), client.getValue());
    }

    JdbcErrors errors() {
        return errors;
    }

    /** An idle connection, or a new one. */
    Conn borrow(String what) {
        while (true) {
            Conn c;
            synchronized (this) {
                if (closed) {
                    throw new ToozConnectionException(what + ": the coordinator is stopped");
                }
                c = idle.pollFirst();
            }
            if (c == null) {
                return open(what);
            }
            long idleFor = System.nanoTime() - c.idleSince;
            if (idleFor < discardIdleNanos && (idleFor < CHECK_AFTER_NANOS || valid(c))) {
                c.reused = true;
                return c;
            }
            close(c);
        }
    }

    private boolean valid(Conn c) {
        try {
            return c.jdbc.isValid((int) JdbcDriverProvider.ceilSeconds(settings.timeout()));
        } catch (SQLException e) {
            return false;
        }
    }

    /** A new connection of its own, outside the pool. */
    Conn open(String what) {
        try {
            Connection jdbc =
                    JdbcSocketFactory.viaUnixSocket(settings.unixSocket(), () -> driver.connect(url, properties));
            if (jdbc == null) {
                throw new SQLException("the JDBC driver does not accept " + url);
            }
            try {
                jdbc.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
                for (String sql : dialect.sessionSetup()) {
                    try (Statement st = jdbc.createStatement()) {
                        st.execute(sql);
                    }
                }
                setup.apply(jdbc);
                return new Conn(jdbc, dialect.sessionId(jdbc));
            } catch (SQLException | RuntimeException e) {
                jdbc.close();
                throw e;
            }
        } catch (SQLException e) {
            unreachable = true;
            throw errors.connectFailed(what, e);
        }
    }

    /**
     * Runs work on a connection whose requests may wait up to {@code millis} for an answer (a wait in the server), and
     * puts the connection's usual limit back afterwards.
     */
    <T> T withNetworkTimeout(Conn c, long millis, ConnWork<T> work) throws SQLException {
        c.jdbc.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, millis));
        T result;
        try {
            result = work.run(c);
        } catch (SQLException | RuntimeException e) {
            try {
                if (!c.jdbc.isClosed()) {
                    c.jdbc.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
                }
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        c.jdbc.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
        return result;
    }

    /** Whether the last request reached the server (or none failed to yet). */
    boolean reachable() {
        return !unreachable;
    }

    /** How long each request waits for its answer, in milliseconds. */
    int networkTimeoutMillis() {
        return networkTimeoutMillis;
    }

    /** Closes the idle connections that have been idle too long to be used. */
    void sweep() {
        Conn[] old;
        synchronized (this) {
            long now = System.nanoTime();
            old = idle.stream()
                    .filter(c -> now - c.idleSince >= discardIdleNanos)
                    .toArray(Conn[]::new);
            for (Conn c : old) {
                idle.remove(c);
            }
        }
        for (Conn c : old) {
            close(c);
        }
    }

    /** Returns a healthy autocommit connection to the pool. */
    void give(Conn c) {
        if (isClosed(c)) {
            return;
        }
        synchronized (this) {
            if (!closed && idle.size() < settings.poolSize()) {
                c.idleSince = System.nanoTime();
                idle.addFirst(c);
                return;
            }
        }
        close(c);
    }

    void discardIdle() {
        Conn[] all;
        synchronized (this) {
            all = idle.toArray(new Conn[0]);
            idle.clear();
        }
        for (Conn c : all) {
            close(c);
        }
    }

    private static boolean isClosed(Conn c) {
        try {
            return c.jdbc.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    static void close(Conn c) {
        try {
            c.jdbc.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a connection: {}", e.toString());
        }
    }

    /** Runs autocommit work on a pooled connection, given as the pool's wrapper. */
    <T> T callOn(String what, ConnWork<T> work) {
        return run(what, false, work);
    }

    /** Work on a pooled connection's wrapper. */
    @FunctionalInterface
    interface ConnWork<T> {
        T run(Conn c) throws SQLException;
    }

    /** Runs autocommit work on a pooled connection. */
    <T> T call(String what, SqlWork<T> work) {
        return run(what, false, c -> work.run(c.jdbc));
    }

    /** Runs work in one transaction on a pooled connection; tooz exceptions thrown by the work roll it back. */
    <T> T transaction(String what, SqlWork<T> work) {
        return run(what, true, c -> work.run(c.jdbc));
    }

    private <T> T run(String what, boolean transaction, ConnWork<T> work) {
        Conn c = borrow(what);
        try {
            if (transaction) {
                c.jdbc.setAutoCommit(false);
            }
            T result = work.run(c);
            if (transaction) {
                c.jdbc.commit();
                c.jdbc.setAutoCommit(true);
            }
            unreachable = false;
            give(c);
            return result;
        } catch (SQLException e) {
            throw failed(what, c, e);
        } catch (RuntimeException e) {
            if (transaction) {
                try {
                    c.jdbc.rollback();
                    c.jdbc.setAutoCommit(true);
                } catch (SQLException rollback) {
                    close(c);
                    throw e;
                }
            }
            give(c);
            throw e;
        }
    }

    /** Discards the connection (and, after a connection error, the idle ones) and translates the error. */
    RuntimeException failed(String what, Conn c, SQLException e) {
        close(c);
        if (dialect.isConnectionError(e)) {
            unreachable = true;
            discardIdle();
        }
        return errors.translate(what, e);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.tooz.ToozException("interrupted", e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        discardIdle();
    }
}
