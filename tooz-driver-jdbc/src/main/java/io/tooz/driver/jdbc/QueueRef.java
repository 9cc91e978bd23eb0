package io.tooz.driver.jdbc;

import io.tooz.spi.LockId;

/**
 * One entry of a read-write lock's or a semaphore's queue: the row {@code (kind, name, seq)} of the queues table.
 *
 * @param id the queue
 * @param seq the entry's sequence number, its fencing token
 */
record QueueRef(LockId id, long seq) {

    /** The kind column: 1 for a read-write lock, 2 for a semaphore. */
    static int kind(LockId id) {
        return switch (id.kind()) {
            case READ_WRITE -> 1;
            case SEMAPHORE -> 2;
            default -> throw new IllegalArgumentException("not a queue: " + id);
        };
    }

    /** The entry of the row {@code (kind, name, seq)}. */
    static QueueRef of(int kind, String name, long seq) {
        return new QueueRef(new LockId(kind == 1 ? LockId.Kind.READ_WRITE : LockId.Kind.SEMAPHORE, name), seq);
    }

    int kind() {
        return kind(id);
    }

    String name() {
        return id.name();
    }

    /** The queue's 64-bit key: PostgreSQL's lock ordering its enqueues, MySQL's counter row. */
    static long hash(LockId id) {
        return LockKey.hash64("tooz-queue:" + id.kind() + ":" + id.name());
    }

    /** A label for messages. */
    static String label(LockId id) {
        return (id.kind() == LockId.Kind.SEMAPHORE ? "semaphore " : "read-write lock ") + id.name();
    }
}
