package io.tooz.hashring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * MD5 helpers for the ring: one reusable digest and output buffer per thread, so hashing a lookup key allocates
 * nothing. A 128-bit digest is read as two big-endian longs {@code (hi, lo)}; comparing {@code hi} then {@code lo}
 * with {@link Long#compareUnsigned} orders points exactly as Python's {@code int(hexdigest, 16)} does.
 */
final class Md5 {
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<Md5> LOCAL = ThreadLocal.withInitial(Md5::new);

    private final MessageDigest digest = newDigest();
    private final byte[] out = new byte[16];

    private Md5() {}

    /** Returns this thread's instance; never share it across threads. */
    static Md5 local() {
        return LOCAL.get();
    }

    /** Hashes {@code data}; read the result with {@link #hi()} and {@link #lo()}. */
    void hash(byte[] data) {
        digest.update(data);
        try {
            digest.digest(out, 0, 16);
        } catch (DigestException e) {
            throw new IllegalStateException("MD5 digest failed", e);
        }
    }

    /** High 64 bits of the last {@link #hash} result. */
    long hi() {
        return (long) BE_LONG.get(out, 0);
    }

    /** Low 64 bits of the last {@link #hash} result. */
    long lo() {
        return (long) BE_LONG.get(out, 8);
    }

    /**
     * Computes the {@code count} ring points of a node exactly like Python tooz: the digest object is seeded with the
     * key and updated cumulatively, so point {@code i} is {@code md5(key repeated i + 2 times)}.
     *
     * @return {@code 2 * count} longs, point {@code i} at {@code [2i] = hi, [2i + 1] = lo}, in generation order
     */
    static long[] nodePoints(byte[] key, int count) {
        MessageDigest running = newDigest();
        running.update(key);
        long[] points = new long[2 * count];
        try {
            for (int i = 0; i < count; i++) {
                running.update(key);
                byte[] d = ((MessageDigest) running.clone()).digest();
                points[2 * i] = (long) BE_LONG.get(d, 0);
                points[2 * i + 1] = (long) BE_LONG.get(d, 8);
            }
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("MD5 digest cannot be cloned", e);
        }
        return points;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JVM; the hash ring needs it", e);
        }
    }
}
