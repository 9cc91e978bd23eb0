package io.tooz.driver.jdbc;

import io.tooz.spi.LockId;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The queues table of one dialect: a row {@code (kind, name, seq, holder, tag, expires_us, broken)} per entry, live
 * while {@code expires_us} (database clock, µs) is ahead and {@code broken} is 0. Times are set by the statement
 * itself (the database's {@code now} + the TTL), so a row outlives the TTL counted from when its request was sent. A
 * broken row stays, as a tombstone its holder can read, for a TTL after the break.
 */
interface QueueStore {
    /** A live entry, as listed. */
    record Row(long seq, String holder, String tag) {}

    /** A new entry's sequence number, and the live entries just after it was added, in sequence order. */
    record Inserted(long seq, List<Row> rows) {}

    /**
     * Adds an entry with a sequence number above every earlier one of the queue and lists the queue, in one round trip
     * where it can. Entries of one queue become visible in sequence order. Dead rows stay until {@link #deleteDead}.
     */
    Inserted enqueue(JdbcPool.Conn c, LockId id, String holder, String tag, long ttlMicros) throws SQLException;

    /** The live entries in sequence order. */
    List<Row> entries(JdbcPool.Conn c, LockId id) throws SQLException;

    /** Deletes the entry; whether it was live. Wakes the queue's watchers where the server pushes. */
    boolean release(JdbcPool.Conn c, QueueRef r) throws SQLException;

    /** Pushes the live ones among {@code refs} to now + TTL; answers the others. */
    Set<QueueRef> refresh(JdbcPool.Conn c, List<QueueRef> refs, long ttlMicros) throws SQLException;

    /** Those of {@code refs} that are not live (gone, expired or broken). */
    Set<QueueRef> missing(JdbcPool.Conn c, Collection<QueueRef> refs) throws SQLException;

    /** Those of {@code refs} that {@link #breakAll} marked broken. */
    Set<QueueRef> broken(JdbcPool.Conn c, Collection<QueueRef> refs) throws SQLException;

    /** Marks every live entry of the queue broken (expired now); whether there was one. */
    boolean breakAll(JdbcPool.Conn c, LockId id) throws SQLException;

    /** A statement deleting every row dead for good (expired, or broken a TTL ago); its one parameter is the TTL. */
    String deleteDead();
}
