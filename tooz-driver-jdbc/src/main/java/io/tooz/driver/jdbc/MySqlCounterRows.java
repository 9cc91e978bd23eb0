package io.tooz.driver.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/**
 * Fencing tokens on MySQL, which has no sequences: a counter row per lock in a MEMORY table (no redo-log flush),
 * written in the grant's own statement and read back through {@code LAST_INSERT_ID(expr)}, which the server returns
 * with the update count. A token is {@code max(previous + 1, clock in µs)}, so when a restart empties the table the
 * counters go on from the clock, past every earlier token.
 */
final class MySqlCounterRows {
    private static final String BUMP =
            " ON DUPLICATE KEY UPDATE token = LAST_INSERT_ID(GREATEST(token + 1, VALUES(token)))";

    private MySqlCounterRows() {}

    static OptionalLong tryLock(Connection c, String p, LockKey k) throws SQLException {
        String sql = "INSERT INTO " + p + "fences (lock_key, token) SELECT ?, LAST_INSERT_ID(" + MySqlDialect.NOW_US
                + ") FROM DUAL WHERE GET_LOCK(?, 0) = 1" + BUMP;
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, k.fenceKey());
            ps.setString(2, k.name());
            return ps.executeUpdate() == 0 ? OptionalLong.empty() : OptionalLong.of(generated(ps));
        }
    }

    static long token(Connection c, String p, LockKey k) throws SQLException {
        String sql = "INSERT INTO " + p + "fences (lock_key, token) VALUES (?, LAST_INSERT_ID(" + MySqlDialect.NOW_US
                + "))" + BUMP;
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, k.fenceKey());
            ps.executeUpdate();
            return generated(ps);
        }
    }

    private static long generated(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.getGeneratedKeys()) {
            if (!rs.next()) {
                throw new SQLException("the server returned no fencing token (LAST_INSERT_ID)");
            }
            return rs.getLong(1);
        }
    }
}
