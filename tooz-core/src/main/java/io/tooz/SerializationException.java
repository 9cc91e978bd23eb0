package io.tooz;

/** Capabilities could not be encoded to or decoded from MessagePack. */
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
