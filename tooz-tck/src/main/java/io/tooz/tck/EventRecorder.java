package io.tooz.tck;

import io.tooz.GroupEvent;
import io.tooz.WatchCallback;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A watcher callback that records the events it receives, with the thread that ran it, for assertions.
 *
 * @param <E> the event type
 */
public final class EventRecorder<E extends GroupEvent> implements WatchCallback<E> {
    private final List<E> events = new CopyOnWriteArrayList<>();
    private final AtomicReference<Thread> lastThread = new AtomicReference<>();
    private final String label;

    /** A recorder with a label for failure messages. */
    public EventRecorder(String label) {
        this.label = label;
    }

    /** An unlabelled recorder. */
    public EventRecorder() {
        this("recorder");
    }

    @Override
    public void onEvent(E event) {
        lastThread.set(Thread.currentThread());
        events.add(event);
    }

    /** The events so far, in delivery order. */
    public List<E> events() {
        return List.copyOf(events);
    }

    /** How many events arrived. */
    public int size() {
        return events.size();
    }

    /** Whether no event arrived. */
    public boolean isEmpty() {
        return events.isEmpty();
    }

    /** Whether {@code event} arrived (events are records, compared by value). */
    public boolean contains(GroupEvent event) {
        return events.contains(event);
    }

    /** How many times {@code event} arrived. */
    public long count(GroupEvent event) {
        return events.stream().filter(event::equals).count();
    }

    /** The thread that ran the last callback, or {@code null}. */
    public Thread lastThread() {
        return lastThread.get();
    }

    @Override
    public String toString() {
        return label + events;
    }
}
