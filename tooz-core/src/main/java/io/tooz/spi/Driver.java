package io.tooz.spi;

import io.tooz.Characteristic;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One coordinator's connection to a backend. The core calls it from its own threads, never concurrently for {@link
 * #start()} and {@link #close()}; facet methods may be called concurrently and must be thread-safe.
 *
 * <p>A driver offers features through facets; an absent facet means the feature is absent, declared up front.
 * Facet methods are blocking and throw {@link io.tooz.ToozException} subclasses; backend errors are translated in
 * one place per driver (connection problems to {@link io.tooz.ToozConnectionException} naming host and port).
 */
public interface Driver {

    /** What the driver guarantees. */
    Set<Characteristic> characteristics();

    /** Connects. Throws {@link io.tooz.ToozConnectionException} if the backend cannot be reached in time. */
    void start();

    /** Disconnects and frees resources; ephemeral state (members, locks) goes with the session where it can. */
    void close();

    /**
     * How long the backend keeps this member alive without a heartbeat, for TTL-based drivers. The core calls {@link
     * #heartbeat()} at half this interval. Empty for session-based drivers that need no heartbeat.
     */
    default Optional<Duration> ttl() {
        return Optional.empty();
    }

    /** Refreshes this member's liveness in the backend (all its memberships at once). */
    default void heartbeat() {}

    /**
     * Rejects names the backend cannot store, after the core's own check (non-empty, at most 255 UTF-8 bytes).
     *
     * @throws io.tooz.InvalidNameException saying what is allowed
     */
    default void checkName(NameKind kind, String name) {}

    /**
     * What the driver offers: its groups, watch, locks and claims facets, {@code null} for those it lacks. Called once
     * per started driver; the coordinator's {@link io.tooz.Coordinator#features()} follow from it.
     */
    Facets facets();

    /** Fault injection for tests, where the driver can simulate failures. */
    default Optional<DriverFaults> faults() {
        return Optional.empty();
    }

    /** What a name names, for {@link #checkName}. */
    enum NameKind {
        GROUP,
        MEMBER,
        LOCK
    }
}
