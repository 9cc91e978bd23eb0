package io.tooz;

/**
 * Root of every error raised by tooz. All tooz exceptions are unchecked.
 *
 * <p>Messages name the group, member, lock, option or URL involved and, where there is one, the fix. Passwords never
 * appear in messages.
 */
public class ToozException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public ToozException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public ToozException(String message, Throwable cause) {
        super(message, cause);
    }
}
