package io.tooz.spi;

/**
 * What a driver lock protects: a user lock, the leadership of a group (which Python tooz stores in its own place per
 * backend, e.g. {@code /tooz/<group>/leader} on ZooKeeper), or the queue of a read-write lock or a semaphore ({@link
 * DriverLockQueues}). Names of different kinds never share state in the backend.
 *
 * @param kind what is locked
 * @param name the lock name or the group id
 */
public record LockId(Kind kind, String name) {
    /** The two kinds. */
    public enum Kind {
        /** A user's exclusive lock ({@link DriverLocks}). */
        LOCK,
        /** A group's leadership ({@link DriverLocks}). */
        LEADER,
        /** A read-write lock's queue ({@link DriverLockQueues}). */
        READ_WRITE,
        /** A semaphore's queue ({@link DriverLockQueues}). */
        SEMAPHORE
    }

    /** A user lock. */
    public static LockId lock(String name) {
        return new LockId(Kind.LOCK, name);
    }

    /** A read-write lock. */
    public static LockId readWrite(String name) {
        return new LockId(Kind.READ_WRITE, name);
    }

    /** A semaphore. */
    public static LockId semaphore(String name) {
        return new LockId(Kind.SEMAPHORE, name);
    }

    /** Whether grants of this id come from {@link DriverLockQueues} rather than {@link DriverLocks}. */
    public boolean queued() {
        return kind == Kind.READ_WRITE || kind == Kind.SEMAPHORE;
    }

    /** A group's leadership. */
    public static LockId leader(String groupId) {
        return new LockId(Kind.LEADER, groupId);
    }
}
