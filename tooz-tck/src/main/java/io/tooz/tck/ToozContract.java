package io.tooz.tck;

/**
 * Every contract. A driver's contract test implements this one interface and declares its backend with {@link
 * Backend}; it then runs exactly the contracts whose {@link Needs} its declaration meets, and none can be left out.
 */
public interface ToozContract
        extends RegistrationContract,
                LifecycleContract,
                GroupContract,
                CapabilitiesContract,
                GroupWatchContract,
                HeartbeatContract,
                LeaderElectionContract,
                LockContract,
                LockLeaseContract,
                LockBreakContract,
                LockFuzzContract,
                JavaLockContract,
                AsyncLockContract,
                LeaderWatchContract,
                ReadWriteLockContract,
                ReadWriteLockBreakContract,
                SemaphoreContract,
                BarrierContract,
                PartitionerContract,
                ClaimContract,
                SchedulerContract,
                UnreachableBackendContract,
                PartitionContract,
                SharedLockPartitionContract,
                SchedulerProcessContract,
                SharedLockProcessContract {}
