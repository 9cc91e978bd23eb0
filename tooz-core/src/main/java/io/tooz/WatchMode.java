package io.tooz;

/** How watcher callbacks are delivered. */
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
