package io.tooz.driver.jdbc;

import io.tooz.spi.LockId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a lock lives in the server: a PostgreSQL advisory lock id (one bigint, or Python tooz's two small ints) or a
 * MySQL {@code GET_LOCK} name, plus the key of its fence counter row.
 *
 * @param id the tooz lock
 * @param bigint the 64-bit advisory lock id (PostgreSQL, when not {@code twoInts})
 * @param twoInts whether the lock is PostgreSQL's {@code (int, int)} form {@code (k1, k2)}, as Python tooz uses
 * @param name the MySQL lock name
 * @param fenceKey the fence counter row; two locks sharing a row only makes their tokens skip
 */
record LockKey(LockId id, long bigint, boolean twoInts, int k1, int k2, String name, long fenceKey) {

    /** The first eight bytes of SHA-256 of the text, as a long. */
    static long hash64(String text) {
        return ByteBuffer.wrap(digest("SHA-256", text)).getLong();
    }

    /** The digest of the text's UTF-8; each thread keeps its digesters (looking one up costs more than digesting). */
    static byte[] digest(String algorithm, String text) {
        MessageDigest md = DIGESTERS.get().computeIfAbsent(algorithm, LockKey::digester);
        return md.digest(text.getBytes(StandardCharsets.UTF_8)); // digest() also resets it
    }

    private static final ThreadLocal<Map<String, MessageDigest>> DIGESTERS = ThreadLocal.withInitial(HashMap::new);

    private static MessageDigest digester(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    /** A label for messages. */
    String label() {
        return (id.kind() == LockId.Kind.LEADER ? "leadership of group " : "lock ") + id.name();
    }
}
