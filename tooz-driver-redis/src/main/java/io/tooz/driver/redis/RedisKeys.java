package io.tooz.driver.redis;

import io.tooz.spi.LockId;
import io.tooz.spi.PythonRepr;
import java.nio.charset.StandardCharsets;

/**
 * Where Python tooz keeps things in Redis (namespace {@code _tooz} by default), and the few keys and channels only
 * tooz-java uses next to them.
 */
final class RedisKeys {
    static final String GROUP_EXISTS = "__created__";

    private final String ns;
    private final boolean legacyLocks;

    RedisKeys(String namespace, boolean legacyLocks) {
        this.ns = namespace;
        this.legacyLocks = legacyLocks;
    }

    /** SET of group ids. */
    String groups() {
        return ns + "_groups";
    }

    /** HASH: {@code __created__ = 1} and member id to msgpack capabilities. */
    String group(String groupId) {
        return ns + "_group:" + groupId;
    }

    /** Prefix of the per-member liveness keys ({@code Not dead!} with a TTL), shared by all groups. */
    String beatPrefix() {
        return ns + "_beats:";
    }

    String beat(String memberId) {
        return beatPrefix() + memberId;
    }

    /** Where Java watchers hear of joins, leaves and updates (Python tooz publishes nothing). */
    String groupChannel(String groupId) {
        return ns + "_group_events:" + groupId;
    }

    /** One coordinator's wake-up channel for its lock waiters. */
    String wakeChannel(String coordinatorKey) {
        return wakeChannelPrefix() + coordinatorKey;
    }

    /** What every wake-up channel starts with; the break script appends the holder's coordinator key. */
    String wakeChannelPrefix() {
        return ns + "_wake:";
    }

    /**
     * The lock key: {@code _tooz_<name>_lock} as Python tooz 9.0 and later, or with legacy keys the {@code
     * "%s_%s_lock" % (namespace, name)} of Python tooz 8.1 and earlier (3.1.0 included) on bytes, which yields
     * {@code b'_tooz'_b'<name>'_lock}. A group's leadership is the lock {@code leader_of_<group>}.
     */
    String lock(LockId id) {
        return lock(id, legacyLocks);
    }

    /**
     * The lock key of the other {@code lock_key_format}, which Python tooz of the other generation (or tooz for Java
     * configured the other way) uses for the same lock: held at the same time, it does not exclude ours.
     */
    String otherFormatLock(LockId id) {
        return lock(id, !legacyLocks);
    }

    /** Whether lock keys are Python tooz 8.1's and earlier ({@code lock_key_format=legacy}). */
    boolean legacyLocks() {
        return legacyLocks;
    }

    private String lock(LockId id, boolean legacy) {
        String name = id.kind() == LockId.Kind.LEADER ? "leader_of_" + id.name() : id.name();
        if (legacy) {
            return PythonRepr.utf8(ns) + "_" + PythonRepr.utf8(name) + "_lock";
        }
        return ns + "_" + name + "_lock";
    }

    /** The fencing counter of a lock (tooz-java only). */
    static String fence(String lockKey) {
        return lockKey + ":fence";
    }

    /** The sorted set of a lock's waiters, scored by lease deadline (tooz-java only). */
    static String waiters(String lockKey) {
        return lockKey + ":waiters";
    }

    /**
     * Where Java lock watchers hear that a lock's holder may have changed ({@code released}, {@code broken}, and for a
     * leadership {@code acquired}): {@code <ns>_holder:<lock key>}.
     */
    String holderChannel(String lockKey) {
        return ns + "_holder:" + lockKey;
    }

    /**
     * The base of a read-write lock's or a semaphore's queue keys: {@code <ns>_rwlock:{<n>:<name>}} or {@code
     * <ns>_semaphore:{<n>:<name>}}, {@code n} the name's length in UTF-8 bytes. The braces are a Redis Cluster hash
     * tag, the same for all of a queue's keys; the base never ends with {@code _lock}, so no queue key is a lock key or
     * one of its companions.
     */
    String queue(LockId id) {
        String kind = id.kind() == LockId.Kind.SEMAPHORE ? "_semaphore:" : "_rwlock:";
        return ns + kind + "{" + utf8Length(id.name()) + ":" + id.name() + "}";
    }

    /** A queue's sequence counter (no TTL: numbers are fencing tokens and never repeat). */
    static String queueCounter(String base) {
        return base + ":seq";
    }

    /** A queue's index: a sorted set of sequence numbers, each scored by itself. */
    static String queueIndex(String base) {
        return base + ":index";
    }

    /** One queue entry: {@code <coordinator> <tag> <holder>}, with the lock TTL. */
    static String queueEntry(String base, long sequence) {
        return base + ":" + sequence;
    }

    /** The highest sequence number a break removed, kept for the lock TTL. */
    static String queueBroken(String base) {
        return base + ":broken";
    }

    /** Where a queue's watchers hear the sequence number of each entry removed ({@code *}: all of them). */
    static String queueChannel(String base) {
        return base + ":removed";
    }

    /**
     * The token counter of a namespace's claims: {@code <ns>_claims:{<n>:<namespace>}}, {@code n} the namespace's
     * length in UTF-8 bytes. The braces are a Redis Cluster hash tag, the same for all of a namespace's claim keys.
     */
    String claimTokens(String namespace) {
        return ns + "_claims:" + claimTag(namespace);
    }

    /**
     * A claim: {@code <ns>_claim:{<n>:<namespace>}:<m>:<task>:<periodStartMillis>}, {@code n} and {@code m} lengths in
     * UTF-8 bytes, so no two (namespace, task, period) share a key whatever they contain; it ends with the period's
     * digits, so it is never a lock key (those end with {@code _lock}) or a lock's counter or waiter set.
     */
    String claim(String namespace, long periodStartMillis, String task) {
        return ns + "_claim:" + claimTag(namespace) + ":" + utf8Length(task) + ":" + task + ":" + periodStartMillis;
    }

    private static String claimTag(String namespace) {
        return "{" + utf8Length(namespace) + ":" + namespace + "}";
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
