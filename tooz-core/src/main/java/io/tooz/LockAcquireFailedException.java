package io.tooz;

/** A lock could not be acquired within the allowed time. */
public class LockAcquireFailedException extends ToozException {
    private static final long serialVersionUID = 1L;

    private final String lockName;

    /** Creates the exception for the named lock. */
    public LockAcquireFailedException(String lockName, String message) {
        super(message);
        this.lockName = lockName;
    }

    /** The lock that was not acquired. */
    public String lockName() {
        return lockName;
    }
}
