package io.tooz;

/** A group id, member id or lock name is not allowed by tooz or by the chosen driver. The message says what is allowed. */
public class InvalidNameException extends ToozException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public InvalidNameException(String message) {
        super(message);
    }
}
