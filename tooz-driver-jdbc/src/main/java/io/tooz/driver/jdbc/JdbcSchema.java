package io.tooz.driver.jdbc;

import io.tooz.ToozException;
import io.tooz.spi.LockId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the driver's tables on first use, or what an older version lacks, under a server lock so concurrent first
 * starts do not race, and records the schema version.
 */
final class JdbcSchema {
    /**
     * The version of the tables this code reads and writes. 2 added the connections table and the fencing sequence, 3
     * the claims table, 4 the queues table, 5 PostgreSQL's fencing epoch marker; from an older version, migrating runs
     * the (idempotent) DDL again.
     */
    static final int VERSION = 5;

    private JdbcSchema() {}

    static void ensure(JdbcPool pool, Dialect dialect, String prefix) {
        pool.callOn("creating the tables " + prefix + "*", c -> {
            Integer found = version(c.jdbc, dialect, prefix);
            if (found == null || found < VERSION) {
                create(pool, c, dialect, prefix);
            } else if (found > VERSION) {
                throw new ToozException("the tables " + prefix + "* hold schema version " + found
                        + ", newer than this tooz-java knows (" + VERSION + "); upgrade tooz-java or use another"
                        + " table_prefix");
            }
            return null;
        });
    }

    private static Integer version(Connection c, Dialect dialect, String prefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + prefix + "schema WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : null;
        } catch (SQLException e) {
            if (dialect.isConnectionError(e)) {
                throw e;
            }
            return null; // no table yet
        }
    }

    private static void create(JdbcPool pool, JdbcPool.Conn conn, Dialect dialect, String prefix) throws SQLException {
        Connection c = conn.jdbc;
        LockKey guard = dialect.lockKey(LockId.lock("tooz-schema:" + prefix), false);
        boolean got = pool.withNetworkTimeout(
                conn, 60_000 + pool.networkTimeoutMillis(), x -> dialect.waitLock(c, guard, 60_000));
        if (!got) {
            throw new ToozException("waited 60 s for another process creating the tables " + prefix + "*");
        }
        try {
            for (String ddl : dialect.ddl(prefix)) {
                try (Statement st = c.createStatement()) {
                    st.execute(ddl);
                }
            }
            List<String> columns = List.of("id", "version");
            try (PreparedStatement ps =
                    c.prepareStatement(dialect.upsert(prefix + "schema", columns, List.of("1", "?"), 1))) {
                ps.setInt(1, VERSION);
                ps.executeUpdate();
            }
        } finally {
            dialect.unlock(conn, prefix, guard);
        }
    }
}
