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
    /**
     * Liveness rests on more than timeouts, as Python tooz declares it for the same schemes ({@code zookeeper}, {@code
     * etcd3+http}, {@code file}, {@code ipc}, {@code postgresql}, {@code mysql}, {@code zake}/{@code memory}): on file,
     * ipc and SQL a holder whose process or database session ends is gone at once (the OS or the database releases it,
     * even after a crash); on ZooKeeper and etcd a closing client ends its session or lease at once, while a crashed or
     * cut-off one is still waited out by its session or lease timeout.
     */
    NON_TIMEOUT_BASED,
    /** Operations are linearizable. */
    LINEARIZABLE,
    /** Operations of one client are seen by all in the same order. */
    SEQUENTIAL,
    /** Causally related operations are seen in order. */
    CAUSAL,
    /** Transactions are serializable (etcd: every transaction, strictly serializable). */
    SERIALIZABLE,
    /** All clients see the same view even under network partitions. */
    SAME_VIEW_UNDER_PARTITIONS,
    /** All clients see the same view. */
    SAME_VIEW_ACROSS_CLIENTS
}
