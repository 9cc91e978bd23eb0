package io.tooz.driver.jdbc;

import io.tooz.spi.LockId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * PostgreSQL: session advisory locks, by default one 64-bit id per name; with {@code lock_ids=tooz} Python tooz's
 * {@code pg_advisory_lock(md5(name)[0], md5(name)[1])}. Fencing tokens come from a sequence, taken in the grant's own
 * statement: no row is written per grant, and the sequence is moved past whatever a crash may have lost before the
 * next grant ({@link PostgresFenceEpoch}).
 */
final class PostgresDialect implements Dialect {
    static final String NOW_US = "(extract(epoch from clock_timestamp()) * 1000000)::bigint";

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    /** An SSLRequest (length 8, code 80877103), which every PostgreSQL answers with one byte: 'S' or 'N'. */
    @Override
    public Greeting greeting() {
        return new Greeting(
                new byte[] {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f},
                "an SSL request, which every PostgreSQL answers with one byte,",
                r -> r.answered() && (r.bytes()[0] == 'S' || r.bytes()[0] == 'N'));
    }

    @Override
    public java.sql.Driver jdbcDriver() {
        return new org.postgresql.Driver();
    }

    @Override
    public Map.Entry<String, String> clientName(String name) {
        return Map.entry("ApplicationName", name);
    }

    @Override
    public boolean pushesChanges() {
        return true;
    }

    @Override
    public String tlsOptions() {
        return "sslmode, sslrootcert";
    }

    @Override
    public int defaultPort() {
        return 5432;
    }

    @Override
    public String jdbcScheme() {
        return "postgresql";
    }

    /** Linux refuses longer TCP keepalive times. */
    private static final long MAX_KEEPALIVE_SECONDS = 32_767;

    /** The server's major version, learned at start. */
    private volatile int major = 14;

    @Override
    public void learn(Connection c) throws SQLException {
        major = c.getMetaData().getDatabaseMajorVersion();
    }

    @Override
    public List<String> sessionSetup() {
        return List.of();
    }

    /** {@code idle_session_timeout} came with PostgreSQL 14. */
    @Override
    public boolean hasIdleLimit() {
        return major >= 14;
    }

    /** Grants commit without waiting for the WAL flush: see {@link PostgresFenceEpoch}. */
    @Override
    public void prepareFencing(Connection c, String prefix) throws SQLException {
        PostgresFenceEpoch.prepare(c, prefix);
    }

    @Override
    public String uptimeQuery() {
        return "SELECT EXTRACT(EPOCH FROM (clock_timestamp() - pg_postmaster_start_time()))";
    }

    /**
     * {@code idle_session_timeout} (ms), and TCP keepalive and {@code tcp_user_timeout} (12+) on the server's end,
     * sized so that a silent peer is dropped no sooner than the limit after the last packet.
     */
    @Override
    public List<String> lockSessionSetup(java.time.Duration limit, boolean limited) {
        long ms = limit.toMillis();
        long idle = Math.min(MAX_KEEPALIVE_SECONDS, JdbcDriverProvider.ceilSeconds(limit));
        long interval = Math.min(MAX_KEEPALIVE_SECONDS, JdbcDriverProvider.ceilSeconds(limit.dividedBy(3)));
        StringBuilder sql = new StringBuilder("SELECT set_config('tcp_keepalives_idle', '" + idle + "', false)")
                .append(", set_config('tcp_keepalives_interval', '" + interval + "', false)")
                .append(", set_config('tcp_keepalives_count', '3', false)");
        if (major >= 12) {
            sql.append(", set_config('tcp_user_timeout', '").append(ms).append("', false)");
        }
        if (limited) {
            sql.append(", set_config('idle_session_timeout', '").append(ms).append("', false)");
        }
        return List.of(sql.toString());
    }

    @Override
    public boolean endedByServer(SQLException e) {
        return "57P01".equals(e.getSQLState()); // admin_shutdown: pg_terminate_backend, or the server stopping
    }

    @Override
    public long sessionId(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getBackendPID();
    }

    @Override
    public boolean isConnectionError(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException
                || (state != null && (state.startsWith("08") || state.startsWith("57P")));
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState());
    }

    @Override
    public List<String> ddl(String p) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + p + "schema (id INT PRIMARY KEY, version INT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + p + "groups (name VARCHAR(255) PRIMARY KEY,"
                        + " version BIGINT NOT NULL DEFAULT 0, created_us BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + p + "members (group_name VARCHAR(255) NOT NULL REFERENCES " + p
                        + "groups (name) ON DELETE CASCADE, member_id VARCHAR(255) NOT NULL, capabilities BYTEA NOT NULL,"
                        + " joined_us BIGINT NOT NULL, updated_us BIGINT NOT NULL, PRIMARY KEY (group_name, member_id))",
                "CREATE INDEX IF NOT EXISTS " + p + "members_by_member ON " + p + "members (member_id)",
                "CREATE TABLE IF NOT EXISTS " + p + "sessions (member_id VARCHAR(255) PRIMARY KEY,"
                        + " instance VARCHAR(64) NOT NULL, expires_us BIGINT NOT NULL)",
                "CREATE UNLOGGED TABLE IF NOT EXISTS " + p + "connections (session_id BIGINT PRIMARY KEY,"
                        + " started BIGINT NOT NULL, member_id VARCHAR(255) NOT NULL, broken SMALLINT NOT NULL DEFAULT 0)",
                "CREATE SEQUENCE IF NOT EXISTS " + p + "fence_seq",
                PostgresFenceEpoch.ddl(p),
                "CREATE TABLE IF NOT EXISTS " + p + "claims (namespace BYTEA NOT NULL, period_start BIGINT NOT NULL,"
                        + " task BYTEA NOT NULL, holder VARCHAR(255) NOT NULL, token BIGSERIAL NOT NULL,"
                        + " PRIMARY KEY (namespace, period_start, task))",
                PostgresQueues.ddl(p));
    }

    @Override
    public QueueStore queueStore(String prefix) {
        return new PostgresQueues(prefix);
    }

    @Override
    public boolean insertReturning() {
        return true;
    }

    @Override
    public String nowMicros() {
        return NOW_US;
    }

    @Override
    public String onConflict(List<String> keyColumns) {
        return " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET ";
    }

    @Override
    public String newValue(String column) {
        return "EXCLUDED." + column;
    }

    @Override
    public void cancel(Connection c) throws SQLException {
        c.unwrap(PGConnection.class).cancelQuery();
    }

    @Override
    public void notifyChange(Connection c, String prefix, String groupId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, prefix + "events");
            ps.setString(2, groupId);
            ps.execute();
        }
    }

    @Override
    public LockKey lockKey(LockId id, boolean toozLockIds) {
        if (toozLockIds && id.kind() == LockId.Kind.LOCK) {
            byte[] md5 = LockKey.digest("MD5", id.name());
            int k1 = md5[0] & 0xff;
            int k2 = md5[1] & 0xff;
            return new LockKey(id, 0, true, k1, k2, null, (k1 << 8) | k2);
        }
        String domain = id.kind() == LockId.Kind.LEADER ? "tooz-leader:" : "tooz-lock:";
        long key = LockKey.hash64(domain + id.name());
        return new LockKey(id, key, false, 0, 0, null, key);
    }

    /** A lock's key in the other {@code lock_ids} layout: Python tooz's two ints, or the 64-bit id. */
    @Override
    public @Nullable LockKey otherLayout(LockId id, boolean toozLockIds) {
        return id.kind() == LockId.Kind.LOCK ? lockKey(id, !toozLockIds) : null;
    }

    /** Whether an advisory lock is granted to any session of this database: {@code (classid, objid, objsubid)}. */
    private static final String HELD = "EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND classid::bigint = ? AND objid::bigint = ? AND objsubid = ?"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))";

    /** With {@code other}, the grant's statement also reads {@code pg_locks} for it: no round trip of its own. */
    @Override
    public Attempt tryLock(JdbcPool.Conn c, String p, LockKey k, @Nullable LockKey other) throws SQLException {
        if (other == null || announced(k)) {
            return new Attempt(tryLock(c, p, k), false);
        }
        PreparedStatement ps = c.prepared(
                "SELECT CASE WHEN pg_try_advisory_lock" + args(k) + " THEN nextval('" + p + "fence_seq') END, " + HELD);
        int at = bindLock(ps, 1, k);
        ps.setLong(at, other.twoInts() ? other.k1() : other.bigint() >>> 32);
        ps.setLong(at + 1, other.twoInts() ? other.k2() : other.bigint() & 0xffffffffL);
        ps.setInt(at + 2, other.twoInts() ? 2 : 1);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            long token = rs.getLong(1);
            OptionalLong granted = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(token);
            return new Attempt(granted, rs.getBoolean(2));
        }
    }

    private static int bindLock(PreparedStatement ps, int at, LockKey k) throws SQLException {
        if (k.twoInts()) {
            ps.setInt(at, k.k1());
            ps.setInt(at + 1, k.k2());
            return at + 2;
        }
        ps.setLong(at, k.bigint());
        return at + 1;
    }

    private static String args(LockKey k) {
        return k.twoInts() ? "(?, ?)" : "(?)";
    }

    /** Whether a grant of the lock wakes its watchers too: a leadership's (for those who watch the leader). */
    private static boolean announced(LockKey k) {
        return k.id().kind() == LockId.Kind.LEADER;
    }

    @Override
    public OptionalLong tryLock(JdbcPool.Conn c, String p, LockKey k) throws SQLException {
        String grant = "SELECT CASE WHEN pg_try_advisory_lock" + args(k) + " THEN nextval('" + p + "fence_seq') END";
        PreparedStatement ps = c.prepared(
                announced(k)
                        ? "SELECT t, CASE WHEN t IS NULL THEN NULL ELSE " + LockWatches.NOTIFY_IF_WATCHED
                                + " END FROM (" + grant + " AS t OFFSET 0) s"
                        : grant);
        bindLock(ps, announced(k) ? LockWatches.bindNotify(ps, 1, LockWatches.channel(p), k.id()) : 1, k);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            long token = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(token);
        }
    }

    @Override
    public boolean waitLock(Connection c, LockKey k, long timeoutMillis) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET lock_timeout = " + (timeoutMillis < 0 ? 0 : Math.max(1, timeoutMillis)));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock" + args(k))) {
            bindLock(ps, 1, k);
            ps.execute();
            return true;
        } catch (SQLException e) {
            if (isLockTimeout(e)) {
                return false;
            }
            throw e;
        } finally {
            try (Statement st = c.createStatement()) {
                st.execute("SET lock_timeout = 0");
            }
        }
    }

    @Override
    public long token(Connection c, String p, LockKey k) throws SQLException {
        if (!announced(k)) {
            return Sql.number(c, "SELECT nextval('" + p + "fence_seq')").getAsLong();
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT nextval('" + p + "fence_seq'), " + LockWatches.NOTIFY_IF_WATCHED)) {
            LockWatches.bindNotify(ps, 1, LockWatches.channel(p), k.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static final String STARTED = "(extract(epoch from backend_start) * 1000000)::bigint";

    @Override
    public void register(Connection c, String p, String memberId) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO " + p + "connections (session_id, started, member_id, broken) SELECT pid, " + STARTED
                        + ", ?, 0 FROM pg_stat_activity WHERE pid = pg_backend_pid() ON CONFLICT (session_id) DO UPDATE"
                        + " SET started = EXCLUDED.started, member_id = EXCLUDED.member_id, broken = 0",
                memberId);
    }

    @Override
    public java.util.Optional<String> memberOf(Connection c, String p, long session) throws SQLException {
        return Sql.text(
                c,
                "SELECT c.member_id FROM " + p + "connections c JOIN pg_stat_activity a ON a.pid = c.session_id AND "
                        + STARTED.replace("backend_start", "a.backend_start") + " = c.started WHERE c.session_id = ?",
                session);
    }

    @Override
    public String deleteEndedSessions(String p) {
        return "DELETE FROM " + p + "connections c WHERE broken = 0 AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a"
                + " WHERE a.pid = c.session_id)";
    }

    @Override
    public boolean unlock(JdbcPool.Conn c, String p, LockKey k) throws SQLException {
        PreparedStatement ps = c.prepared("SELECT pg_advisory_unlock" + args(k) + ", " + LockWatches.NOTIFY_IF_WATCHED);
        LockWatches.bindNotify(ps, bindLock(ps, 1, k), LockWatches.channel(p), k.id());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    @Override
    public Map<LockKey, Long> holders(Connection c, List<LockKey> keys) throws SQLException {
        Long[] classIds = new Long[keys.size()];
        Long[] objIds = new Long[keys.size()];
        Integer[] subIds = new Integer[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            LockKey k = keys.get(i);
            classIds[i] = k.twoInts() ? k.k1() : k.bigint() >>> 32;
            objIds[i] = k.twoInts() ? k.k2() : k.bigint() & 0xffffffffL;
            subIds[i] = k.twoInts() ? 2 : 1;
        }
        String sql =
                "SELECT k.i, l.pid FROM unnest(?::bigint[], ?::bigint[], ?::int[]) WITH ORDINALITY AS k(c, o, s, i)"
                        + " JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.classid::bigint = k.c"
                        + " AND l.objid::bigint = k.o AND l.objsubid = k.s"
                        + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        Map<LockKey, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array a = c.createArrayOf("bigint", classIds);
            Array b = c.createArrayOf("bigint", objIds);
            Array s = c.createArrayOf("integer", subIds);
            ps.setArray(1, a);
            ps.setArray(2, b);
            ps.setArray(3, s);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(keys.get(rs.getInt(1) - 1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    @Override
    public boolean endSession(Connection c, long sessionId) throws SQLException {
        boolean waits = c.getMetaData().getDatabaseMajorVersion() >= 14;
        try (PreparedStatement ps =
                c.prepareStatement(waits ? "SELECT pg_terminate_backend(?, 5000)" : "SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, (int) sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
