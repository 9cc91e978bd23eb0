package io.tooz.tck;

/**
 * Every contract, for drivers with every {@link io.tooz.Feature} (memory://, ZooKeeper, Redis, PostgreSQL, MySQL). A driver
 * lacking a feature implements the individual contracts for the features it has instead.
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
                BarrierContract,
                PartitionerContract,
                ClaimContract,
                SchedulerContract {}
