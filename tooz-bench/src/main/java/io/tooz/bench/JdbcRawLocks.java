package io.tooz.bench;

import io.tooz.bench.BenchRounds.Op;
import io.tooz.bench.JdbcBenchTarget.Target;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * What {@link JdbcBench} measures tooz's lock against, on one bare autocommit connection, with statements prepared
 * once: the raw floor (the server's own lock functions, the least a lock can cost) and, for reading, the SQL of the
 * driver's fast path by hand and one round trip.
 */
final class JdbcRawLocks {
    private JdbcRawLocks() {}

    /**
     * The raw floor of one lock round on the lock {@code name}: {@code SELECT pg_try_advisory_lock(?)} + {@code SELECT
     * pg_advisory_unlock(?)} (a bigint derived from the name), resp. {@code SELECT GET_LOCK(?, 0)} + {@code SELECT
     * RELEASE_LOCK(?)}: two round trips.
     */
    static Op floor(Connection c, Target t, String name) throws SQLException {
        PreparedStatement lock =
                c.prepareStatement(t.postgres() ? "SELECT pg_try_advisory_lock(?)" : "SELECT GET_LOCK(?, 0)");
        PreparedStatement unlock =
                c.prepareStatement(t.postgres() ? "SELECT pg_advisory_unlock(?)" : "SELECT RELEASE_LOCK(?)");
        bindLock(lock, 1, t, name);
        bindLock(unlock, 1, t, name);
        return () -> {
            expectTrue(lock, "raw floor: " + name + " is taken");
            expectTrue(unlock, "raw floor: " + name + " was not held");
        };
    }

    /**
     * The statements of the driver's fast path as of this writing, by hand (PostgresDialect and MySqlDialect {@code
     * tryLockFenced} and {@code unlock}): the try-lock and the fence counter's upsert in one statement, then the
     * unlock; with its own lock {@code name}, fence row and {@code holder}. What the SQL costs without the driver.
     */
    static Op driverSql(Connection c, Target t, String name, String holder) throws SQLException {
        String fences = t.tablePrefix() + "fences";
        PreparedStatement lock;
        if (t.postgres()) {
            lock = c.prepareStatement("WITH g AS (SELECT pg_try_advisory_lock(?) AS ok) INSERT INTO " + fences
                    + " AS f (lock_key, token, holder, holder_session, broken_token)"
                    + " SELECT ?, (extract(epoch from clock_timestamp()) * 1000000)::bigint, ?, pg_backend_pid(),"
                    + " NULL FROM g WHERE g.ok ON CONFLICT (lock_key) DO UPDATE SET"
                    + " token = GREATEST(f.token + 1, EXCLUDED.token), holder = EXCLUDED.holder,"
                    + " holder_session = EXCLUDED.holder_session, broken_token = NULL RETURNING f.token");
        } else {
            lock = c.prepareStatement(
                    "INSERT INTO " + fences + " (lock_key, token, holder, holder_session, broken_token)"
                            + " SELECT ?, LAST_INSERT_ID(CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)), ?,"
                            + " CONNECTION_ID(), NULL FROM DUAL WHERE GET_LOCK(?, 0) = 1 ON DUPLICATE KEY UPDATE"
                            + " token = LAST_INSERT_ID(GREATEST(token + 1, VALUES(token))), holder = VALUES(holder),"
                            + " holder_session = VALUES(holder_session), broken_token = NULL",
                    Statement.RETURN_GENERATED_KEYS);
        }
        int at = t.postgres() ? bindLock(lock, 1, t, name) : 1;
        lock.setLong(at, key(name));
        lock.setString(at + 1, holder);
        if (!t.postgres()) {
            bindLock(lock, 3, t, name);
        }
        PreparedStatement unlock =
                c.prepareStatement(t.postgres() ? "SELECT pg_advisory_unlock(?)" : "SELECT RELEASE_LOCK(?)");
        bindLock(unlock, 1, t, name);
        return () -> {
            if (t.postgres()) {
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("driver's SQL: " + name + " is taken");
                    }
                }
            } else {
                if (lock.executeUpdate() == 0) {
                    throw new IllegalStateException("driver's SQL: " + name + " is taken");
                }
                try (ResultSet rs = lock.getGeneratedKeys()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("driver's SQL: no fencing token (LAST_INSERT_ID)");
                    }
                }
            }
            expectTrue(unlock, "driver's SQL: " + name + " was not held");
        };
    }

    /** One round trip: {@code SELECT 1}. */
    static Op roundTrip(Connection c) throws SQLException {
        PreparedStatement one = c.prepareStatement("SELECT 1");
        return () -> expectTrue(one, "SELECT 1 answered nothing");
    }

    /** A 64-bit key derived from a name: an advisory lock id, a fence row. */
    static long key(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }

    private static int bindLock(PreparedStatement ps, int at, Target t, String name) throws SQLException {
        if (t.postgres()) {
            ps.setLong(at, key(name));
        } else {
            ps.setString(at, name);
        }
        return at + 1;
    }

    private static void expectTrue(PreparedStatement ps, String otherwise) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) {
                throw new IllegalStateException(otherwise);
            }
        }
    }
}
