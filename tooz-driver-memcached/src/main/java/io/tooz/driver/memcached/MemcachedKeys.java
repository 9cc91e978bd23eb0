package io.tooz.driver.memcached;

import io.tooz.InvalidNameException;
import io.tooz.spi.Driver.NameKind;
import io.tooz.spi.LockId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Python tooz's memcached key layout, plus the fencing counters and periodic-task claims tooz-java adds. Memcached has no
 * namespaces: these keys are global to the server.
 */
final class MemcachedKeys {
    static final String GROUP_LIST = "_TOOZ_GROUP_LIST";
    static final String GROUP_PREFIX = "_TOOZ_GROUP_";
    static final String MEMBER_PREFIX = "_TOOZ_MEMBER_";
    static final String LOCK_PREFIX = "__TOOZ_LOCK_";
    static final String LEADER_PREFIX = "_TOOZ_GROUP_LEADER_";
    static final String FENCE_PREFIX = "__TOOZ_FENCE_";
    static final String BROKEN_PREFIX = "__TOOZ_BROKEN_";
    static final String CLAIM_PREFIX = "__TOOZ_CLAIM_";
    static final String CLAIM_TOKENS_PREFIX = "__TOOZ_CLAIM_TOKENS_";
    static final String READ_WRITE_PREFIX = "__TOOZ_RW_";
    static final String SEMAPHORE_PREFIX = "__TOOZ_SEM_";
    static final String QUEUE_ENTRY_PREFIX = "__TOOZ_QUEUE_ENTRY_";
    static final int MAX_KEY_BYTES = 250;

    private MemcachedKeys() {}

    static String group(String groupId) {
        return GROUP_PREFIX + groupId;
    }

    static String member(String memberId) {
        return MEMBER_PREFIX + memberId;
    }

    /** {@code __TOOZ_LOCK_<N>}, or {@code __TOOZ_LOCK__TOOZ_GROUP_LEADER_<G>} for a leadership. */
    static String lock(LockId id) {
        return LOCK_PREFIX + lockName(id);
    }

    /** The counter of fencing tokens: {@code __TOOZ_FENCE_<N>} or {@code __TOOZ_FENCE__TOOZ_GROUP_LEADER_<G>}. */
    static String fence(LockId id) {
        return FENCE_PREFIX + lockName(id);
    }

    /** Set by a break to the CAS unique of the grant it removed, so that holder learns it was broken. */
    static String broken(LockId id) {
        return BROKEN_PREFIX + lockName(id);
    }

    /** The index of a read-write lock's or a semaphore's queue: {@code __TOOZ_RW_<N>}, {@code __TOOZ_SEM_<N>}. */
    static String queue(LockId id) {
        return switch (id.kind()) {
            case READ_WRITE -> READ_WRITE_PREFIX + id.name();
            case SEMAPHORE -> SEMAPHORE_PREFIX + id.name();
            default -> throw new IllegalArgumentException("not a queue: " + id);
        };
    }

    /** One queue entry, named by a random id so any lock name fits: {@code __TOOZ_QUEUE_ENTRY_<32 hex digits>}. */
    static String queueEntry(String uid) {
        return QUEUE_ENTRY_PREFIX + uid;
    }

    /** A new entry id: 32 random hex digits. */
    static String newUid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
    }

    /**
     * A periodic-task claim: {@code __TOOZ_CLAIM_} and the SHA-1 (hex) of the namespace's UTF-8 length (4 bytes), the
     * namespace, the period start (8 bytes) and the task, so any names fit a key and no two claims share one.
     */
    static String claim(String namespace, long periodStartMillis, String task) {
        byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
        byte[] t = task.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + ns.length + 8 + t.length);
        b.putInt(ns.length).put(ns).putLong(periodStartMillis).put(t);
        return CLAIM_PREFIX + sha1(b.array());
    }

    /** The counter of a namespace's claim tokens: {@code __TOOZ_CLAIM_TOKENS_} and the SHA-1 (hex) of its name. */
    static String claimTokens(String namespace) {
        return CLAIM_TOKENS_PREFIX + sha1(namespace.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lockName(LockId id) {
        return id.kind() == LockId.Kind.LEADER ? LEADER_PREFIX + id.name() : id.name();
    }

    /** Memcached keys are at most 250 bytes without spaces or control characters. */
    static void check(NameKind kind, String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch <= ' ' || ch == 0x7f || Character.isWhitespace(ch)) {
                throw new InvalidNameException("memcached " + kind.name().toLowerCase(java.util.Locale.ROOT) + " name '"
                        + name + "' contains whitespace or a control character, which memcached keys cannot hold");
            }
        }
        int prefix =
                switch (kind) {
                    case GROUP -> BROKEN_PREFIX.length() + LEADER_PREFIX.length();
                    case MEMBER -> MEMBER_PREFIX.length();
                    case LOCK -> BROKEN_PREFIX.length();
                };
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (prefix + bytes > MAX_KEY_BYTES) {
            throw new InvalidNameException("memcached " + kind.name().toLowerCase(java.util.Locale.ROOT) + " name '"
                    + name + "' is " + bytes + " UTF-8 bytes; at most " + (MAX_KEY_BYTES - prefix)
                    + " fit in a memcached key (250 bytes with the prefix "
                    + (kind == NameKind.GROUP
                            ? BROKEN_PREFIX + LEADER_PREFIX
                            : kind == NameKind.MEMBER ? MEMBER_PREFIX : BROKEN_PREFIX)
                    + ")");
        }
    }
}
