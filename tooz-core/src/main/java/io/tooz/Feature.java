package io.tooz;

/**
 * The facets a coordinator offers on its driver; see {@link Coordinator#features()}. A method whose feature is absent
 * throws {@link UnsupportedFeatureException}.
 */
public enum Feature {
    /** Create, delete and list groups; join, leave and list members with capabilities. */
    GROUPS,
    /** Join and leave watchers ({@link Coordinator#watchJoinGroup}); present whenever {@link #GROUPS} is. */
    GROUP_WATCH,
    /** Membership changes are pushed by the backend instead of polled. */
    NATIVE_WATCH,
    /** Members vanish when their heartbeats stop. */
    HEARTBEAT_EXPIRY,
    /** Leader election per group, elected-as-leader callbacks, get leader and stand down. */
    LEADER_ELECTION,
    /** Exclusive distributed locks with fencing tokens and lease-loss signals. */
    LOCKS,
    /** An operator can break a lock held by someone else ({@link DistributedLock#forceBreak()}). */
    LOCK_BREAK,
    /**
     * Read-write locks ({@link Coordinator#getReadWriteLock}) and counting semaphores ({@link
     * Coordinator#getSemaphore}), with fencing tokens and lease-loss signals.
     */
    SHARED_LOCKS,
    /** Gate and double barriers. */
    BARRIERS,
    /** Consistent hash ring partitioner over a group. */
    PARTITIONER,
    /**
     * Distributed periodic tasks ({@code io.tooz.schedule.PeriodicScheduler}): the backend keeps a once-per-period
     * claim ledger.
     */
    PERIODIC_TASKS
}
