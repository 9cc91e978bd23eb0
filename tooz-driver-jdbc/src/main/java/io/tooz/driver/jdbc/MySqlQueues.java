package io.tooz.driver.jdbc;

import io.tooz.spi.LockId;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The queues table on MySQL and MariaDB: {@code ENGINE=MEMORY} (no redo-log flush per entry; a restart empties it,
 * which {@link LockSessions#youngForNanos()} covers as it covers the {@code GET_LOCK} locks a restart frees). A
 * MEMORY table is locked whole by each statement, so an insert that takes its sequence number in its own statement
 * makes the entries of a queue visible in sequence order, and can count the live entries ahead of it.
 *
 * <p>On MariaDB 10.5+ an enqueue is one statement: an insert numbered by the driver's fencing sequence, which records
 * how many live entries are ahead and answers it ({@code RETURNING}); only when some are (a shared or contended
 * queue) is the queue listed, in a second round trip. Elsewhere (MySQL, which has no sequences, and older MariaDB) it
 * is one round trip of three statements ({@code allowMultiQueries}): insert with {@code max(last entry + 1, the
 * queue's counter row + 1, clock in µs)}, raise the counter row (in {@code <prefix>fences}), list; numbers keep
 * growing when the queue empties, and after a restart from the clock. Nothing is pushed: the core polls waiting
 * queues.
 */
final class MySqlQueues implements QueueStore {
    private static final String NOW = MySqlDialect.NOW_US;
    /** Entries per statement of a batch. */
    private static final int CHUNK = 200;

    private final MySqlDialect dialect;
    private final String t;
    private final String enqueueReturning;
    private final String enqueueCounter;
    private final String entries;
    private final String release;
    private final String breakAll;

    MySqlQueues(MySqlDialect dialect, String prefix) {
        this.dialect = dialect;
        this.t = prefix + "queues";
        String queue = " WHERE kind = ? AND name = ? AND ";
        String live = "broken = 0 AND expires_us > " + NOW;
        enqueueReturning = "INSERT INTO " + t + " (kind, name, seq, holder, tag, expires_us, ahead) VALUES (?, ?,"
                + " NEXTVAL(" + prefix + "fence_seq), ?, ?, " + NOW + " + ?, (SELECT COUNT(*) FROM " + t + " x WHERE"
                + " x.kind = ? AND x.name = ? AND x.broken = 0 AND x.expires_us > " + NOW + ")) RETURNING seq, ahead";
        enqueueCounter = "INSERT INTO " + t + " (kind, name, seq, holder, tag, expires_us) SELECT ?, ?,"
                + " LAST_INSERT_ID(GREATEST(COALESCE((SELECT MAX(x.seq) FROM " + t + " x WHERE x.kind = ? AND x.name"
                + " = ?), 0) + 1, COALESCE((SELECT f.token FROM " + prefix + "fences f WHERE f.lock_key = ?), 0) + 1, "
                + NOW + ")), ?, ?, " + NOW + " + ? FROM DUAL; INSERT INTO " + prefix + "fences (lock_key, token)"
                + " VALUES (?, LAST_INSERT_ID()) ON DUPLICATE KEY UPDATE token = GREATEST(token, VALUES(token));"
                + " SELECT seq, holder, tag, LAST_INSERT_ID() FROM " + t + queue + live + " ORDER BY seq";
        entries = "SELECT seq, holder, tag FROM " + t + queue + live + " ORDER BY seq";
        release = "DELETE FROM " + t + queue + "seq = ? AND " + live;
        breakAll = "UPDATE " + t + " SET broken = 1, expires_us = " + NOW + queue + live;
    }

    /** The table, for {@link Dialect#ddl}; after {@code max_heap_table_size} is raised. */
    static String ddl(String prefix) {
        return "CREATE TABLE IF NOT EXISTS " + prefix + "queues (kind SMALLINT NOT NULL, name VARBINARY(255) NOT NULL,"
                + " seq BIGINT NOT NULL, holder VARBINARY(255) NOT NULL, tag VARBINARY(16) NOT NULL, expires_us BIGINT"
                + " NOT NULL, broken SMALLINT NOT NULL DEFAULT 0, ahead INT NOT NULL DEFAULT 0,"
                + " PRIMARY KEY USING BTREE (kind, name, seq)) ENGINE=MEMORY";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int bindQueue(PreparedStatement ps, int at, LockId id) throws SQLException {
        ps.setShort(at, (short) QueueRef.kind(id));
        ps.setBytes(at + 1, bytes(id.name()));
        return at + 2;
    }

    @Override
    public Inserted enqueue(JdbcPool.Conn c, LockId id, String holder, String tag, long ttlMicros) throws SQLException {
        return dialect.usesSequences() && dialect.returning()
                ? enqueueReturning(c, id, holder, tag, ttlMicros)
                : enqueueCounter(c, id, holder, tag, ttlMicros);
    }

    private Inserted enqueueReturning(JdbcPool.Conn c, LockId id, String holder, String tag, long ttlMicros)
            throws SQLException {
        PreparedStatement ps = c.prepared(enqueueReturning);
        int at = bindQueue(ps, 1, id);
        ps.setBytes(at++, bytes(holder));
        ps.setBytes(at++, bytes(tag));
        ps.setLong(at++, ttlMicros);
        bindQueue(ps, at, id);
        long seq;
        long ahead;
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the insert answered no sequence number");
            }
            seq = rs.getLong(1);
            ahead = rs.getLong(2);
        }
        return new Inserted(seq, ahead == 0 ? List.of(new Row(seq, holder, tag)) : entries(c, id));
    }

    private Inserted enqueueCounter(JdbcPool.Conn c, LockId id, String holder, String tag, long ttlMicros)
            throws SQLException {
        PreparedStatement ps = c.prepared(enqueueCounter);
        int at = bindQueue(ps, 1, id);
        at = bindQueue(ps, at, id);
        ps.setLong(at++, QueueRef.hash(id));
        ps.setBytes(at++, bytes(holder));
        ps.setBytes(at++, bytes(tag));
        ps.setLong(at++, ttlMicros);
        ps.setLong(at++, QueueRef.hash(id));
        bindQueue(ps, at, id);
        boolean listing = ps.execute();
        while (!listing) { // the inserts' counts, then the listing
            listing = ps.getMoreResults();
            if (!listing && ps.getUpdateCount() == -1) {
                throw new SQLException("the enqueue statements answered no listing");
            }
        }
        long own = -1;
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.getResultSet()) {
            while (rs.next()) {
                rows.add(row(rs));
                own = rs.getLong(4);
            }
        }
        return new Inserted(own, rows);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), text(rs.getBytes(2)), text(rs.getBytes(3)));
    }

    @Override
    public List<Row> entries(JdbcPool.Conn c, LockId id) throws SQLException {
        PreparedStatement ps = c.prepared(entries);
        bindQueue(ps, 1, id);
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs));
            }
        }
        return rows;
    }

    @Override
    public boolean release(JdbcPool.Conn c, QueueRef r) throws SQLException {
        PreparedStatement ps = c.prepared(release);
        int at = bindQueue(ps, 1, r.id());
        ps.setLong(at, r.seq());
        return ps.executeUpdate() > 0;
    }

    /** One statement per {@link #CHUNK} entries; a chunk that matched fewer rows is read again for which. */
    @Override
    public Set<QueueRef> refresh(JdbcPool.Conn c, List<QueueRef> refs, long ttlMicros) throws SQLException {
        Set<QueueRef> missed = new HashSet<>();
        for (int from = 0; from < refs.size(); from += CHUNK) {
            List<QueueRef> chunk = refs.subList(from, Math.min(refs.size(), from + CHUNK));
            try (PreparedStatement ps = c.jdbc.prepareStatement("UPDATE " + t + " SET expires_us = " + NOW + " + ?"
                    + " WHERE broken = 0 AND expires_us > " + NOW + " AND " + in(chunk.size()))) {
                ps.setLong(1, ttlMicros);
                bindRefs(ps, 2, chunk);
                if (ps.executeUpdate() < chunk.size()) { // rows matched, not changed: the driver's default
                    missed.addAll(missing(c, chunk));
                }
            }
        }
        return missed;
    }

    @Override
    public Set<QueueRef> missing(JdbcPool.Conn c, Collection<QueueRef> refs) throws SQLException {
        Set<QueueRef> missed = new HashSet<>(refs);
        missed.removeAll(select(c, "broken = 0 AND expires_us > " + NOW, List.copyOf(refs)));
        return missed;
    }

    @Override
    public Set<QueueRef> broken(JdbcPool.Conn c, Collection<QueueRef> refs) throws SQLException {
        return select(c, "broken = 1", List.copyOf(refs));
    }

    private Set<QueueRef> select(JdbcPool.Conn c, String condition, List<QueueRef> refs) throws SQLException {
        Set<QueueRef> out = new HashSet<>();
        for (int from = 0; from < refs.size(); from += CHUNK) {
            List<QueueRef> chunk = refs.subList(from, Math.min(refs.size(), from + CHUNK));
            try (PreparedStatement ps = c.jdbc.prepareStatement(
                    "SELECT kind, name, seq FROM " + t + " WHERE " + condition + " AND " + in(chunk.size()))) {
                bindRefs(ps, 1, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(QueueRef.of(rs.getInt(1), text(rs.getBytes(2)), rs.getLong(3)));
                    }
                }
            }
        }
        return out;
    }

    private static String in(int n) {
        return "(kind, name, seq) IN (" + String.join(", ", java.util.Collections.nCopies(n, "(?, ?, ?)")) + ")";
    }

    private static void bindRefs(PreparedStatement ps, int at, List<QueueRef> refs) throws SQLException {
        for (QueueRef r : refs) {
            at = bindQueue(ps, at, r.id());
            ps.setLong(at++, r.seq());
        }
    }

    @Override
    public boolean breakAll(JdbcPool.Conn c, LockId id) throws SQLException {
        PreparedStatement ps = c.prepared(breakAll);
        bindQueue(ps, 1, id);
        return ps.executeUpdate() > 0;
    }

    @Override
    public String deleteDead() {
        return "DELETE FROM " + t + " WHERE expires_us + broken * ? < " + NOW;
    }
}
