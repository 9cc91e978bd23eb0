package io.tooz.driver.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/** One statement, its arguments bound by type (String, Long, Integer, byte[]), run for one answer. */
final class Sql {
    private Sql() {}

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else if (args[i] instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (args[i] instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) args[i]);
            }
        }
        return ps;
    }

    /** The update count. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** Whether the query answers a row. */
    static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** The first column of the first row as a number, empty if there is no row or it is NULL. */
    static OptionalLong number(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return OptionalLong.empty();
            }
            long n = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(n);
        }
    }

    /** The first column of the first row as text, empty if there is no row or it is NULL. */
    static Optional<String> text(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }
}
