package io.tooz.driver.jdbc;

import io.tooz.spi.LockId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * MySQL and MariaDB: {@code GET_LOCK}/{@code RELEASE_LOCK} under the lock's own name, as Python tooz; names the server
 * would refuse (MySQL: over 64 characters; MariaDB: over 192 bytes of UTF-8) become {@code tooz:} plus the SHA-1 hex
 * of the name. Fencing tokens come, in the grant's own statement, from a sequence on MariaDB and from a counter row
 * per lock in a MEMORY table on MySQL (no sequences there): no redo-log flush either way; a restart empties the MEMORY
 * table and its counters restart from the clock, past every earlier token.
 */
final class MySqlDialect implements Dialect {
    static final String NOW_US = "CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)";
    /** MySQL 5.7+ refuses user-lock names of more characters. */
    static final int MYSQL_MAX_LOCK_CHARS = 64;
    /** MariaDB refuses user-lock names of more UTF-8 bytes. */
    static final int MARIADB_MAX_LOCK_BYTES = 192;
    /** For ever, in GET_LOCK's seconds: a year. */
    private static final double FOREVER_SECONDS = 365 * 86400;

    private static final String BIN = " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

    @Override
    public String displayName() {
        return "MySQL";
    }

    /** Nothing: MySQL and MariaDB greet every connection first (protocol version 10), or say why they will not. */
    @Override
    public Greeting greeting() {
        return new Greeting(
                null,
                "a new connection, which every MySQL and MariaDB greets at once,",
                r -> r.answered()
                        && (io.tooz.spi.ServiceProbe.service(r.bytes())
                                        .orElse("")
                                        .equals("MySQL or MariaDB")
                                || (r.bytes().length > 4 && (r.bytes()[4] & 0xff) == 0xff))); // an error packet
    }

    @Override
    public java.sql.Driver jdbcDriver() {
        return new org.mariadb.jdbc.Driver();
    }

    @Override
    public Map.Entry<String, String> clientName(String name) {
        return Map.entry("connectionAttributes", "program_name:" + name);
    }

    @Override
    public String tlsOptions() {
        return "ssl_ca, ssl_capath, ssl_verify_mode, ssl_check_hostname, ssl_cert, ssl_key, ssl_cipher";
    }

    @Override
    public int defaultPort() {
        return 3306;
    }

    @Override
    public String jdbcScheme() {
        return "mariadb";
    }

    /** Whether the server is MariaDB; until {@link #learn} says so, MySQL's stricter limit applies. */
    private volatile boolean mariaDb;
    /** Whether tokens come from a sequence (MariaDB) rather than a counter row per lock (MySQL). */
    private volatile boolean sequences;
    /** Whether an insert can answer what it wrote ({@code RETURNING}, MariaDB 10.5+). */
    private volatile boolean returning;

    @Override
    public void learn(Connection c) throws SQLException {
        mariaDb = c.getMetaData()
                .getDatabaseProductVersion()
                .toLowerCase(java.util.Locale.ROOT)
                .contains("mariadb");
        sequences = mariaDb;
        int major = c.getMetaData().getDatabaseMajorVersion();
        returning = mariaDb && (major > 10 || (major == 10 && c.getMetaData().getDatabaseMinorVersion() >= 5));
    }

    /** Whether an insert can answer what it wrote ({@code INSERT ... RETURNING}, MariaDB 10.5+). */
    boolean returning() {
        return returning;
    }

    /** Whether tokens and queue sequence numbers come from a sequence (MariaDB) rather than counter rows. */
    boolean usesSequences() {
        return sequences;
    }

    /** Takes tokens from the counter rows even on MariaDB, as on MySQL (for tests of that path). */
    void useCounterRows() {
        sequences = false;
    }

    /** Whether the server takes this name for GET_LOCK as it is. */
    boolean serverTakes(String name) {
        return mariaDb
                ? name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MARIADB_MAX_LOCK_BYTES
                : name.codePointCount(0, name.length()) <= MYSQL_MAX_LOCK_CHARS;
    }

    @Override
    public List<String> sessionSetup() {
        return List.of("SET time_zone = '+00:00'");
    }

    /** {@code wait_timeout} is in whole seconds. */
    @Override
    public java.time.Duration idleLimit(java.time.Duration timeout) {
        return java.time.Duration.ofSeconds(JdbcDriverProvider.ceilSeconds(timeout));
    }

    @Override
    public String uptimeQuery() {
        return "SHOW GLOBAL STATUS LIKE 'Uptime'";
    }

    /** {@code wait_timeout}: the server closes a connection idle that long, which frees its {@code GET_LOCK} locks. */
    @Override
    public List<String> lockSessionSetup(java.time.Duration limit, boolean limited) {
        return limited ? List.of("SET SESSION wait_timeout = " + limit.toSeconds()) : List.of();
    }

    @Override
    public boolean endedByServer(SQLException e) {
        if (e.getErrorCode() == 1927) { // connection was killed
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException) { // KILL closes the connection without a word
                return true;
            }
        }
        return false;
    }

    @Override
    public long sessionId(Connection c) throws SQLException {
        return c.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
    }

    @Override
    public boolean isConnectionError(SQLException e) {
        String state = e.getSQLState();
        int code = e.getErrorCode();
        return e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException
                || (state != null && state.startsWith("08"))
                || code == 1927 // connection was killed
                || code == 2006 // server has gone away
                || code == 2013; // lost connection during query
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return false; // GET_LOCK answers 0 when its time runs out
    }

    @Override
    public List<String> ddl(String p) {
        List<String> ddl = new java.util.ArrayList<>(List.of(
                "CREATE TABLE IF NOT EXISTS " + p + "schema (id INT PRIMARY KEY, version INT NOT NULL) ENGINE=InnoDB",
                "CREATE TABLE IF NOT EXISTS " + p + "groups (name VARCHAR(255)" + BIN + " PRIMARY KEY,"
                        + " version BIGINT NOT NULL DEFAULT 0, created_us BIGINT NOT NULL) ENGINE=InnoDB",
                "CREATE TABLE IF NOT EXISTS " + p + "members (group_name VARCHAR(255)" + BIN + " NOT NULL,"
                        + " member_id VARCHAR(255)" + BIN + " NOT NULL, capabilities LONGBLOB NOT NULL,"
                        + " joined_us BIGINT NOT NULL, updated_us BIGINT NOT NULL, PRIMARY KEY (group_name, member_id),"
                        + " KEY " + p + "members_by_member (member_id), FOREIGN KEY (group_name) REFERENCES " + p
                        + "groups (name) ON DELETE CASCADE) ENGINE=InnoDB",
                "CREATE TABLE IF NOT EXISTS " + p + "sessions (member_id VARCHAR(255)" + BIN + " PRIMARY KEY,"
                        + " instance VARCHAR(64) NOT NULL, expires_us BIGINT NOT NULL) ENGINE=InnoDB",
                // a MEMORY table's size limit is fixed when it is created
                "SET SESSION max_heap_table_size = 67108864",
                "CREATE TABLE IF NOT EXISTS " + p + "connections (session_id BIGINT PRIMARY KEY, started BIGINT NOT"
                        + " NULL, member_id VARCHAR(255)" + BIN + " NOT NULL, broken SMALLINT NOT NULL DEFAULT 0)"
                        + " ENGINE=MEMORY",
                "CREATE TABLE IF NOT EXISTS " + p + "fences (lock_key BIGINT PRIMARY KEY, token BIGINT NOT NULL)"
                        + " ENGINE=MEMORY",
                MySqlQueues.ddl(p),
                // names as bytes: 255 + 255 key bytes fit even the 767-byte index limit of old row formats
                "CREATE TABLE IF NOT EXISTS " + p + "claims (namespace VARBINARY(255) NOT NULL, period_start BIGINT"
                        + " NOT NULL, task VARBINARY(255) NOT NULL, holder VARCHAR(255)" + BIN + " NOT NULL,"
                        + " token BIGINT NOT NULL AUTO_INCREMENT, nonce BINARY(16) NOT NULL,"
                        + " PRIMARY KEY (namespace, period_start, task), KEY " + p + "claims_by_token (token))"
                        + " ENGINE=InnoDB"));
        if (sequences) {
            ddl.add("CREATE SEQUENCE IF NOT EXISTS " + p + "fence_seq");
        }
        return ddl;
    }

    @Override
    public QueueStore queueStore(String prefix) {
        return new MySqlQueues(this, prefix);
    }

    @Override
    public String nowMicros() {
        return NOW_US;
    }

    @Override
    public String onConflict(List<String> keyColumns) {
        return " ON DUPLICATE KEY UPDATE ";
    }

    @Override
    public String newValue(String column) {
        return "VALUES(" + column + ")";
    }

    @Override
    public void cancel(Connection c) throws SQLException {
        c.unwrap(org.mariadb.jdbc.Connection.class).cancelCurrentQuery();
    }

    @Override
    public LockKey lockKey(LockId id, boolean toozLockIds) {
        String name = id.kind() == LockId.Kind.LEADER ? "tooz-leader:" + id.name() : id.name();
        if (!serverTakes(name)) {
            name = "tooz:" + HexFormat.of().formatHex(LockKey.digest("SHA-1", name));
        }
        return new LockKey(id, 0, false, 0, 0, name, LockKey.hash64(name));
    }

    @Override
    public OptionalLong tryLock(JdbcPool.Conn c, String p, LockKey k) throws SQLException {
        if (!sequences) {
            return MySqlCounterRows.tryLock(c.jdbc, p, k);
        }
        PreparedStatement ps = c.prepared("SELECT IF(GET_LOCK(?, 0) = 1, NEXTVAL(" + p + "fence_seq), NULL)");
        ps.setString(1, k.name());
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            long token = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(token);
        }
    }

    @Override
    public boolean waitLock(Connection c, LockKey k, long timeoutMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            ps.setString(1, k.name());
            ps.setDouble(2, timeoutMillis < 0 ? FOREVER_SECONDS : timeoutMillis / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                int got = rs.getInt(1);
                if (rs.wasNull()) {
                    throw new SQLException("GET_LOCK(" + k.name() + ") failed (NULL): the server ran out of memory"
                            + " or the wait was killed");
                }
                return got == 1;
            }
        }
    }

    @Override
    public long token(Connection c, String p, LockKey k) throws SQLException {
        return sequences
                ? Sql.number(c, "SELECT NEXTVAL(" + p + "fence_seq)").getAsLong()
                : MySqlCounterRows.token(c, p, k);
    }

    @Override
    public OptionalLong lastToken(Connection c, String p, LockKey k) throws SQLException {
        return sequences
                ? OptionalLong.empty()
                : Sql.number(c, "SELECT token FROM " + p + "fences WHERE lock_key = ?", k.fenceKey());
    }

    @Override
    public void register(Connection c, String p, String memberId) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO " + p + "connections (session_id, started, member_id, broken) VALUES (CONNECTION_ID(), 0,"
                        + " ?, 0) ON DUPLICATE KEY UPDATE member_id = VALUES(member_id), broken = 0",
                memberId);
    }

    @Override
    public java.util.Optional<String> memberOf(Connection c, String p, long session) throws SQLException {
        return Sql.text(c, "SELECT member_id FROM " + p + "connections WHERE session_id = ?", session);
    }

    @Override
    public String deleteEndedSessions(String p) {
        return "DELETE FROM " + p + "connections WHERE broken = 0 AND session_id NOT IN (SELECT ID FROM"
                + " information_schema.PROCESSLIST)";
    }

    @Override
    public boolean unlock(JdbcPool.Conn c, String p, LockKey k) throws SQLException {
        PreparedStatement ps = c.prepared("SELECT RELEASE_LOCK(?)");
        ps.setString(1, k.name());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    @Override
    public Map<LockKey, Long> holders(Connection c, List<LockKey> keys) throws SQLException {
        Map<LockKey, Long> out = new HashMap<>();
        for (int from = 0; from < keys.size(); from += 500) {
            List<LockKey> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
            String cols =
                    String.join(", ", chunk.stream().map(x -> "IS_USED_LOCK(?)").toList());
            try (PreparedStatement ps = c.prepareStatement("SELECT " + cols)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i).name());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    for (int i = 0; i < chunk.size(); i++) {
                        long id = rs.getLong(i + 1);
                        if (!rs.wasNull()) {
                            out.put(chunk.get(i), id);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public boolean endSession(Connection c, long sessionId) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("KILL CONNECTION " + sessionId);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1094) { // unknown thread id: already gone
                return false;
            }
            throw e;
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?")) {
            ps.setLong(1, sessionId);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) == 0) {
                        return true;
                    }
                }
                JdbcPool.pause(10);
            }
        }
        return true;
    }
}
