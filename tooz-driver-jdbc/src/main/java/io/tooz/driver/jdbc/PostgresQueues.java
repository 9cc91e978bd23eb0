package io.tooz.driver.jdbc;

import io.tooz.spi.LockId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The queues table on PostgreSQL: {@code UNLOGGED} (no WAL, so no flush per entry; a crash empties it, which {@link
 * LockSessions#youngForNanos()} covers as it covers the advisory locks a restart frees), sequence numbers from the
 * driver's fencing sequence. An enqueue is one round trip of two statements in one transaction: a transaction
 * advisory lock per queue, then a statement that inserts the entry and lists the queue;
 * the lock makes entries of one queue commit in sequence order, and the listing, a statement after it, sees every
 * entry before its own. A release or a break notifies the queue's watchers ({@link LockWatches}).
 */
final class PostgresQueues implements QueueStore {
    private static final String NOW = PostgresDialect.NOW_US;
    private static final String REFS = "unnest(?::smallint[], ?::text[], ?::bigint[]) AS r(k, n, s)";
    private static final String MATCH = "q.kind = r.k AND q.name = r.n AND q.seq = r.s";
    private static final String LIVE = live("");

    private final String channel;
    private final String enqueue;
    private final String entries;
    private final String release;
    private final String refresh;
    private final String missing;
    private final String broken;
    private final String breakAll;
    private final String deleteDead;

    PostgresQueues(String prefix) {
        String t = prefix + "queues";
        this.channel = LockWatches.channel(prefix);
        String queue = " WHERE kind = ? AND name = ? AND ";
        enqueue = "SELECT pg_advisory_xact_lock(?); WITH e AS (INSERT INTO " + t + " (kind, name, seq, holder, tag,"
                + " expires_us) VALUES (?, ?, nextval('" + prefix + "fence_seq'), ?, ?, " + NOW + " + ?) RETURNING"
                + " seq, holder, tag)"
                + " SELECT seq, holder, tag, true FROM e UNION ALL SELECT seq, holder, tag, false FROM " + t + queue
                + LIVE + " ORDER BY 1";
        entries = "SELECT seq, holder, tag FROM " + t + queue + LIVE + " ORDER BY seq";
        release = "WITH d AS (DELETE FROM " + t + queue + "seq = ? RETURNING " + LIVE + " AS live) SELECT live, "
                + LockWatches.NOTIFY_IF_WATCHED + " FROM d";
        refresh = "UPDATE " + t + " q SET expires_us = " + NOW + " + ? FROM " + REFS + " WHERE " + MATCH + " AND "
                + live("q.") + " RETURNING q.kind, q.name, q.seq";
        missing = "SELECT r.k, r.n, r.s FROM " + REFS + " WHERE NOT EXISTS (SELECT 1 FROM " + t + " q WHERE " + MATCH
                + " AND " + live("q.") + ")";
        broken = "SELECT q.kind, q.name, q.seq FROM " + t + " q JOIN " + REFS + " ON " + MATCH + " WHERE q.broken = 1";
        breakAll = "WITH b AS (UPDATE " + t + " SET broken = 1, expires_us = " + NOW + queue + LIVE
                + " RETURNING 1) SELECT (SELECT count(*) FROM b), pg_notify(?, ?)";
        deleteDead = "DELETE FROM " + t + " WHERE expires_us + broken * ? < " + NOW;
    }

    /** Whether the row (of alias {@code q}, with its dot, or none) is live. */
    private static String live(String q) {
        return q + "broken = 0 AND " + q + "expires_us > " + NOW;
    }

    /** The table, for {@link Dialect#ddl}. */
    static String ddl(String prefix) {
        return "CREATE UNLOGGED TABLE IF NOT EXISTS " + prefix + "queues (kind SMALLINT NOT NULL, name VARCHAR(255) NOT"
                + " NULL, seq BIGINT NOT NULL, holder VARCHAR(255) NOT NULL, tag VARCHAR(16) NOT NULL, expires_us"
                + " BIGINT NOT NULL, broken SMALLINT NOT NULL DEFAULT 0, PRIMARY KEY (kind, name, seq))";
    }

    private static int bindQueue(PreparedStatement ps, int at, LockId id) throws SQLException {
        ps.setShort(at, (short) QueueRef.kind(id));
        ps.setString(at + 1, id.name());
        return at + 2;
    }

    @Override
    public Inserted enqueue(JdbcPool.Conn c, LockId id, String holder, String tag, long ttlMicros) throws SQLException {
        PreparedStatement ps = c.prepared(enqueue);
        ps.setLong(1, QueueRef.hash(id));
        int at = bindQueue(ps, 2, id);
        ps.setString(at++, holder);
        ps.setString(at++, tag);
        ps.setLong(at++, ttlMicros);
        bindQueue(ps, at, id);
        ps.execute();
        if (!ps.getMoreResults()) {
            throw new SQLException("the enqueue statement answered no listing");
        }
        long own = -1;
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.getResultSet()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
                if (rs.getBoolean(4)) {
                    own = rs.getLong(1);
                }
            }
        }
        return new Inserted(own, rows);
    }

    @Override
    public List<Row> entries(JdbcPool.Conn c, LockId id) throws SQLException {
        PreparedStatement ps = c.prepared(entries);
        bindQueue(ps, 1, id);
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return rows;
    }

    @Override
    public boolean release(JdbcPool.Conn c, QueueRef r) throws SQLException {
        PreparedStatement ps = c.prepared(release);
        int at = bindQueue(ps, 1, r.id());
        ps.setLong(at++, r.seq());
        LockWatches.bindNotify(ps, at, channel, r.id());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    @Override
    public Set<QueueRef> refresh(JdbcPool.Conn c, List<QueueRef> refs, long ttlMicros) throws SQLException {
        PreparedStatement ps = c.prepared(refresh);
        ps.setLong(1, ttlMicros);
        bindRefs(c.jdbc, ps, 2, refs);
        Set<QueueRef> found = refs(ps);
        Set<QueueRef> missed = new HashSet<>(refs);
        missed.removeAll(found);
        return missed;
    }

    @Override
    public Set<QueueRef> missing(JdbcPool.Conn c, Collection<QueueRef> refs) throws SQLException {
        PreparedStatement ps = c.prepared(missing);
        bindRefs(c.jdbc, ps, 1, refs);
        return refs(ps);
    }

    @Override
    public Set<QueueRef> broken(JdbcPool.Conn c, Collection<QueueRef> refs) throws SQLException {
        PreparedStatement ps = c.prepared(broken);
        bindRefs(c.jdbc, ps, 1, refs);
        return refs(ps);
    }

    @Override
    public boolean breakAll(JdbcPool.Conn c, LockId id) throws SQLException {
        PreparedStatement ps = c.prepared(breakAll);
        int at = bindQueue(ps, 1, id);
        ps.setString(at, channel);
        ps.setString(at + 1, LockWatches.payload(id));
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    @Override
    public String deleteDead() {
        return deleteDead;
    }

    private static void bindRefs(Connection c, PreparedStatement ps, int at, Collection<QueueRef> refs)
            throws SQLException {
        Short[] kinds = new Short[refs.size()];
        String[] names = new String[refs.size()];
        Long[] seqs = new Long[refs.size()];
        int i = 0;
        for (QueueRef r : refs) {
            kinds[i] = (short) r.kind();
            names[i] = r.name();
            seqs[i++] = r.seq();
        }
        ps.setArray(at, c.createArrayOf("smallint", kinds));
        ps.setArray(at + 1, c.createArrayOf("text", names));
        ps.setArray(at + 2, c.createArrayOf("bigint", seqs));
    }

    private static Set<QueueRef> refs(PreparedStatement ps) throws SQLException {
        Set<QueueRef> out = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(QueueRef.of(rs.getInt(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return out;
    }
}
