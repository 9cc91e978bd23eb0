package io.tooz;

/**
 * How watcher callbacks are delivered.
 *
 * <p>Where the driver pushes membership changes ({@link Feature#NATIVE_WATCH}) and the mode is {@link #AUTO}, every
 * change arrives. Otherwise (MANUAL, or a driver without native watches) the core compares successive member lists,
 * as Python tooz does: a member that leaves and rejoins between two comparisons produces no event, and changes found
 * in one comparison arrive joins first, then leaves.
 */
public enum WatchMode {
    /**
     * Callbacks run automatically on one dispatcher thread per coordinator, in the order events happened. The
     * application never has to call {@link Coordinator#runWatchers}. The default.
     */
    AUTO,
    /**
     * Python tooz semantics: callbacks run only on the caller's thread inside {@link Coordinator#runWatchers}, which
     * also refreshes the watched groups' member lists.
     */
    MANUAL
}
