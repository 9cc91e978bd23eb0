package io.tooz;

/** Why a {@link LockLease} was lost. */
public enum LossReason {
    /** The coordinator's session with the backend expired (for example heartbeats stopped past the TTL). */
    SESSION_EXPIRED,
    /** The lock's own key or lease expired in the backend. */
    EXPIRED,
    /** The connection to the backend was lost and the lease could not be confirmed. */
    CONNECTION_LOST,
    /** Someone broke the lock with {@link DistributedLock#forceBreak()}. */
    BROKEN,
    /** The coordinator was stopped while the lease was held. */
    COORDINATOR_STOPPED
}
