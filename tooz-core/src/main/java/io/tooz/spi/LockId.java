package io.tooz.spi;

/**
 * What a driver lock protects: a user lock, or the leadership of a group (which Python tooz stores in its own place
 * per backend, e.g. {@code /tooz/<group>/leader} on ZooKeeper).
 *
 * @param kind user lock or group leadership
 * @param name the lock name or the group id
 */
public record LockId(Kind kind, String name) {
    /** The two kinds. */
    public enum Kind {
        LOCK,
        LEADER
    }

    /** A user lock. */
    public static LockId lock(String name) {
        return new LockId(Kind.LOCK, name);
    }

    /** A group's leadership. */
    public static LockId leader(String groupId) {
        return new LockId(Kind.LEADER, groupId);
    }
}
