package io.tooz.bench;

import io.tooz.bench.BenchRounds.Op;
import io.tooz.bench.JdbcBenchTarget.Target;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What {@link JdbcBench} measures tooz's lock against, on one bare autocommit connection, with statements prepared
 * once: the raw floor (the server's own lock functions, the least a lock can cost) and, for reading, one round trip.
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
        String taken = "raw floor: " + name + " is taken";
        String notHeld = "raw floor: " + name + " was not held";
        return () -> {
            expectTrue(lock, taken);
            expectTrue(unlock, notHeld);
        };
    }

    /** One round trip: {@code SELECT 1}. */
    static Op roundTrip(Connection c) throws SQLException {
        PreparedStatement one = c.prepareStatement("SELECT 1");
        return () -> expectTrue(one, "SELECT 1 answered nothing");
    }

    /** A 64-bit advisory lock id derived from a name. */
    static long key(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }

    private static void bindLock(PreparedStatement ps, int at, Target t, String name) throws SQLException {
        if (t.postgres()) {
            ps.setLong(at, key(name));
        } else {
            ps.setString(at, name);
        }
    }

    private static void expectTrue(PreparedStatement ps, String otherwise) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) {
                throw new IllegalStateException(otherwise);
            }
        }
    }
}
