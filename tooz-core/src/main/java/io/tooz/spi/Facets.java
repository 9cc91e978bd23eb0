package io.tooz.spi;

import org.jspecify.annotations.Nullable;

/**
 * The facets a driver offers, declared once ({@link Driver#facets()}); a {@code null} facet is absent, and so are the
 * features that need it: {@link io.tooz.Coordinator#features()} is derived from this record, never from run-time
 * stubs.
 *
 * <pre>{@code
 * facets = new Facets(groups, groups, locks, claims); // groups also pushes membership changes
 * facets = new Facets(groups, null, locks, claims);   // no native watch: the core polls
 * facets = new Facets(groups, groups, locks, claims, queues); // with read-write locks and semaphores
 * }</pre>
 *
 * @param groups group membership ({@link io.tooz.Feature#GROUPS}, with watchers, barriers and the partitioner)
 * @param watch membership changes pushed by the backend ({@link io.tooz.Feature#NATIVE_WATCH}); needs {@code groups}
 * @param locks locks with fencing tokens ({@link io.tooz.Feature#LOCKS}), also the core's leader election
 * @param claims the periodic scheduler's claim ledger ({@link io.tooz.Feature#PERIODIC_TASKS})
 * @param lockQueues read-write locks and semaphores ({@link io.tooz.Feature#SHARED_LOCKS})
 */
public record Facets(
        @Nullable DriverGroups groups,
        @Nullable DriverWatch watch,
        @Nullable DriverLocks locks,
        @Nullable DriverClaims claims,
        @Nullable DriverLockQueues lockQueues) {
    /** A driver with no facet at all. */
    public static final Facets NONE = new Facets(null, null, null, null, null);

    /** A driver without read-write locks and semaphores. */
    public Facets(
            @Nullable DriverGroups groups,
            @Nullable DriverWatch watch,
            @Nullable DriverLocks locks,
            @Nullable DriverClaims claims) {
        this(groups, watch, locks, claims, null);
    }

    /** Checks that a watch comes with the groups it watches. */
    public Facets {
        if (watch != null && groups == null) {
            throw new IllegalArgumentException("a driver's watch facet needs its groups facet");
        }
    }
}
