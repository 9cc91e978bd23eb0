package io.tooz;

/** The backend could not be reached, or the connection to it was lost. The message names the host and port. */
public class ToozConnectionException extends ToozException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ToozConnectionException(String message) {
        super(message);
    }

    /** Creates the exception with its cause. */
    public ToozConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
