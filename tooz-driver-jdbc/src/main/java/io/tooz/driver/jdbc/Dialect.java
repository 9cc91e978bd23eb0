package io.tooz.driver.jdbc;

import io.tooz.spi.LockId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** What differs between PostgreSQL and MySQL: URLs, DDL, clocks, and above all the server's own locks. */
interface Dialect {
    /** {@code PostgreSQL} or {@code MySQL}, for messages. */
    String displayName();

    /**
     * What a connection to this server is greeted with: the bytes a probe sends ({@code null}: the server speaks
     * first), what they are called in a message, and whether an answer is this server's.
     */
    Greeting greeting();

    /** How a server of this dialect answers the first bytes of a connection. */
    record Greeting(byte[] request, String name, java.util.function.Predicate<io.tooz.spi.ServiceProbe.Reply> ours) {}

    int defaultPort();

    /** The URL options that configure TLS, for messages. */
    String tlsOptions();

    /** A new instance of the JDBC driver. */
    java.sql.Driver jdbcDriver();

    /** The connection property that names the client to the server (seen in its session list). */
    Map.Entry<String, String> clientName(String name);

    /** Whether the server pushes group changes ({@code LISTEN}/{@code NOTIFY}). */
    default boolean pushesChanges() {
        return false;
    }

    /** The JDBC driver's URL scheme, after {@code jdbc:}. */
    String jdbcScheme();

    /** The JDBC URL, without credentials. */
    default String jdbcUrl(JdbcSettings s) {
        String host = s.host().contains(":") ? "[" + s.host() + "]" : s.host();
        return "jdbc:" + jdbcScheme() + "://" + host + ":" + s.port() + "/" + s.database();
    }

    /** Learns what the server allows, once at start (MySQL and MariaDB differ in lock name limits). */
    default void learn(Connection c) throws SQLException {}

    /** Statements run once on every new connection. */
    List<String> sessionSetup();

    /**
     * The limit the server puts on the silence of a session that holds locks, for the {@code timeout} option: the TTL
     * of its grants. The server's unit may be coarser than the option's.
     */
    default java.time.Duration idleLimit(java.time.Duration timeout) {
        return timeout;
    }

    /** Whether the server can end a session that stayed idle too long (learned at start). */
    default boolean hasIdleLimit() {
        return true;
    }

    /**
     * Statements run once on each new connection that will hold locks: with {@code limited}, the server ends the
     * session (and frees its locks) once it has been idle for {@code limit}; without (a server that has no such limit
     * or refused it), only what bounds a dead connection's life there (TCP keepalive), if anything. Neither may let
     * the server end a session earlier than {@code limit} after it last heard from it.
     */
    List<String> lockSessionSetup(java.time.Duration limit, boolean limited);

    /**
     * Run once on each new connection that will hold locks, after {@link #lockSessionSetup}, before its first grant:
     * whatever the fencing tokens of its grants need.
     */
    default void prepareFencing(Connection c, String prefix) throws SQLException {}

    /** A query whose first row's last column is how long the server has been up, in seconds. */
    String uptimeQuery();

    /**
     * Whether an error says the server ended the session (an operator, {@link #endSession}, a shutdown), rather than
     * that the connection was closed on this side or a request went unanswered.
     */
    boolean endedByServer(SQLException e);

    /** The server's id for the connection's session (backend pid, connection id). */
    long sessionId(Connection c) throws SQLException;

    /** Whether the connection is unusable after this error (server gone, connection killed). */
    boolean isConnectionError(SQLException e);

    /** Whether a wait for a lock ended because its time ran out. */
    boolean isLockTimeout(SQLException e);

    /** The table definitions, in creation order, for a table prefix. */
    List<String> ddl(String prefix);

    /** The queues of read-write locks and semaphores, for a table prefix. */
    QueueStore queueStore(String prefix);

    /** Whether an insert can answer the rows it wrote ({@code RETURNING}); without, claims find theirs by a nonce. */
    default boolean insertReturning() {
        return false;
    }

    /** A SQL expression for the database clock in microseconds since the epoch. */
    String nowMicros();

    /**
     * An insert-or-replace of one row keyed by its first {@code keyColumns} columns.
     *
     * @param values one SQL expression per column, such as {@code ?}
     */
    default String upsert(String table, List<String> columns, List<String> values, int keyColumns) {
        String set = String.join(
                ", ",
                columns.subList(keyColumns, columns.size()).stream()
                        .map(x -> x + " = " + newValue(x))
                        .toList());
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + String.join(", ", values)
                + ")" + onConflict(columns.subList(0, keyColumns)) + set;
    }

    /** What follows an insert to update the row whose key is taken, up to the assignments. */
    String onConflict(List<String> keyColumns);

    /** The value an insert-or-replace tried to insert into a column, for its update part. */
    String newValue(String column);

    /** Cancels the statement running on a connection, from another thread. */
    void cancel(Connection c) throws SQLException;

    /** Wakes the driver's watchers in other processes (PostgreSQL NOTIFY); a no-op where the server has no push. */
    default void notifyChange(Connection c, String prefix, String groupId) throws SQLException {}

    /** Where a lock lives in the server. */
    LockKey lockKey(LockId id, boolean toozLockIds);

    /**
     * Tries the server lock once and, if granted, takes a fencing token, in one round trip.
     *
     * @return the token, or empty if the lock is held by another session
     */
    OptionalLong tryLock(JdbcPool.Conn c, String prefix, LockKey k) throws SQLException;

    /** A {@link #tryLock} that also asked whether the same lock is held in the other {@code lock_ids} layout. */
    record Attempt(OptionalLong token, boolean otherLayoutHeld) {}

    /**
     * The same lock in the other {@code lock_ids} layout, whose holders {@code lockKey(id, toozLockIds)} does not
     * exclude; null where there is one layout only (MySQL, leaderships).
     */
    default @Nullable LockKey otherLayout(LockId id, boolean toozLockIds) {
        return null;
    }

    /**
     * {@link #tryLock}, which also tells, in the same round trip, whether some session holds {@code other} (a key from
     * {@link #otherLayout}; null asks nothing).
     */
    default Attempt tryLock(JdbcPool.Conn c, String prefix, LockKey k, @Nullable LockKey other) throws SQLException {
        return new Attempt(tryLock(c, prefix, k), false);
    }

    /** Waits in the server for the lock; {@code timeoutMillis < 0} waits for ever. False if the time ran out. */
    boolean waitLock(Connection c, LockKey k, long timeoutMillis) throws SQLException;

    /** Takes a fencing token for a lock this connection was just granted. */
    long token(Connection c, String prefix, LockKey k) throws SQLException;

    /** The latest token of a lock, where tokens come from a counter per lock (not from a sequence). */
    default OptionalLong lastToken(Connection c, String prefix, LockKey k) throws SQLException {
        return OptionalLong.empty();
    }

    /** Records which member a connection serves, so others can name a lock's holder and mark its grant broken. */
    void register(Connection c, String prefix, String memberId) throws SQLException;

    /** The member a live session was registered for, if any. */
    java.util.Optional<String> memberOf(Connection c, String prefix, long session) throws SQLException;

    /** A statement deleting the registrations of sessions that ended (not those marked broken). */
    String deleteEndedSessions(String prefix);

    /**
     * Releases the server lock held by this connection; false if it did not hold it. Wakes the lock's watchers where
     * the server pushes ({@link LockWatches}).
     */
    boolean unlock(JdbcPool.Conn c, String prefix, LockKey k) throws SQLException;

    /** The session holding each lock that is held. */
    Map<LockKey, Long> holders(Connection c, List<LockKey> keys) throws SQLException;

    /** Ends another session (so its server locks go) and waits briefly for it to be gone. */
    boolean endSession(Connection c, long sessionId) throws SQLException;
}
