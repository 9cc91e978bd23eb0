package io.tooz;

/** An operation did not complete within the time the caller allowed. */
public class OperationTimedOutException extends ToozException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public OperationTimedOutException(String message) {
        super(message);
    }

    /** Creates the exception with its cause. */
    public OperationTimedOutException(String message, Throwable cause) {
        super(message, cause);
    }
}
