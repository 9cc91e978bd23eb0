package io.tooz.driver.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Lets PostgreSQL lock connections commit their grants without waiting for the WAL flush, and keeps the fencing tokens
 * strictly increasing all the same.
 *
 * <p>The fencing sequence writes a WAL record once in 32 values; with {@code synchronous_commit = off} a crash (or a
 * failover to a standby that had not received it) can lose the last records, and the sequence would then hand out
 * values it had already handed out. The unlogged table {@code <prefix>fence_epoch} holds one row while no such loss can
 * have happened: PostgreSQL empties unlogged tables in every crash recovery, and a standby's are empty when promoted,
 * while a clean shutdown keeps the row (and flushes the WAL). The first lock connection that finds it empty moves the
 * sequence {@link #JUMP} ahead, far past anything a lost WAL stretch could have handed out, and writes the row, in
 * one transaction that does wait for the flush; every lock connection does this check before its first grant, and a
 * crash ends every session, so no grant can come between a loss and the jump.
 */
final class PostgresFenceEpoch {
    /** How far the sequence jumps after a possible loss: more values than any server can hand out unflushed. */
    static final long JUMP = 1L << 32;

    private PostgresFenceEpoch() {}

    static String ddl(String prefix) {
        return "CREATE UNLOGGED TABLE IF NOT EXISTS " + prefix + "fence_epoch (id INT PRIMARY KEY)";
    }

    /**
     * Run on each new lock connection before its first grant: one statement that checks the row and switches the
     * session to asynchronous commits (the jump's own transaction commits synchronously with {@code SET LOCAL}).
     */
    static void prepare(Connection c, String prefix) throws SQLException {
        String seq = "'" + prefix + "fence_seq'";
        try (Statement st = c.createStatement()) {
            if (!marked(st, prefix, ", set_config('synchronous_commit', 'off', false)")) {
                c.setAutoCommit(false);
                try {
                    st.execute("SET LOCAL synchronous_commit = on");
                    st.execute("LOCK TABLE " + prefix + "fence_epoch IN EXCLUSIVE MODE");
                    if (!marked(st, prefix, "")) {
                        st.execute("SELECT setval(" + seq + ", nextval(" + seq + ") + " + JUMP + ")");
                        st.execute("INSERT INTO " + prefix + "fence_epoch (id) VALUES (1)");
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException alsoFailed) {
                        e.addSuppressed(alsoFailed);
                    }
                    throw e;
                }
                c.setAutoCommit(true);
            }
        }
    }

    /** Whether the row is there, running {@code also} (more select items) in the same statement. */
    private static boolean marked(Statement st, String prefix, String also) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + prefix + "fence_epoch)" + also)) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
