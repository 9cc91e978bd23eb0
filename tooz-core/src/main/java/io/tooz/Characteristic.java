package io.tooz;

/**
 * What a driver guarantees, as declared by the driver (tooz {@code Characteristics}). Request the ones you rely on
 * with {@link CoordinatorBuilder#requireCharacteristics}: a driver lacking one fails at build time with {@link
 * DriverChosenPoorlyException}.
 */
public enum Characteristic {
    /** Coordination works between threads of one process. */
    DISTRIBUTED_ACROSS_THREADS,
    /** Coordination works between processes on one host. */
    DISTRIBUTED_ACROSS_PROCESSES,
    /** Coordination works between hosts. */
    DISTRIBUTED_ACROSS_HOSTS,
    /** Liveness does not depend on timeouts (sessions or locks end when the holder goes away). */
    NON_TIMEOUT_BASED,
    /** Operations are linearizable. */
    LINEARIZABLE,
    /** Operations of one client are seen by all in the same order. */
    SEQUENTIAL,
    /** Causally related operations are seen in order. */
    CAUSAL,
    /** Transactions are serializable. */
    SERIALIZABLE,
    /** All clients see the same view even under network partitions. */
    SAME_VIEW_UNDER_PARTITIONS,
    /** All clients see the same view. */
    SAME_VIEW_ACROSS_CLIENTS
}
