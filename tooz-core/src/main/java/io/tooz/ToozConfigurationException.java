package io.tooz;

/** A coordinator was configured badly: a malformed URL, an unknown scheme, an unknown option or a bad option value. The message names the bad value and what is accepted. */
public class ToozConfigurationException extends ToozException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ToozConfigurationException(String message) {
        super(message);
    }

    /** Creates the exception with its cause. */
    public ToozConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
