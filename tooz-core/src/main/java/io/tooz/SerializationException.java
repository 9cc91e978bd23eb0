package io.tooz;

/**
 * Capabilities could not be encoded to or decoded from MessagePack, or are larger than the backend stores (ZooKeeper's
 * {@code jute.maxbuffer}, memcached's item size); the message says the size, the limit and how to raise it.
 */
public class SerializationException extends ToozException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public SerializationException(String message) {
        super(message);
    }

    /** Creates the exception with its cause. */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
