package io.tooz.partition;

/** An object that chooses the bytes it hashes as on the ring (Python tooz's {@code __tooz_hash__}). */
public interface ToozHashable {
    /** The bytes to hash. */
    byte[] toozHash();
}
