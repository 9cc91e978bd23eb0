package io.tooz;

/**
 * A watcher callback. Register it with one of the {@code watch*} methods of {@link Coordinator}; unregister the same
 * instance with the matching {@code unwatch*} method.
 *
 * <p>In {@link WatchMode#AUTO} callbacks run on the coordinator's dispatcher thread, one at a time and in event
 * order; in {@link WatchMode#MANUAL} they run on the thread calling {@link Coordinator#runWatchers}. A callback that
 * throws is logged and does not stop other callbacks. Callbacks should return quickly.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface WatchCallback<E extends GroupEvent> {
    /** Handles one event. */
    void onEvent(E event);
}
