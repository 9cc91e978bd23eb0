package io.tooz.internal;

import io.tooz.GroupEvent;
import io.tooz.WatchCallback;
import io.tooz.WatchMode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to callbacks: on one ordered thread in {@link WatchMode#AUTO}; queued until {@code runWatchers} in
 * {@link WatchMode#MANUAL}. Callbacks are looked up at delivery time, so an unwatched callback gets nothing more.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int DELIVERED_LIMIT = 10_000;

    private final WatchMode mode;
    private final Function<GroupEvent, List<WatchCallback<GroupEvent>>> callbacks;
    private final SerialExecutor thread;
    private final Object monitor = new Object();
    private final Observers observers;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ArrayDeque<GroupEvent> delivered = new ArrayDeque<>();

    /** An event waiting for {@code runWatchers}, with when it was published ({@link System#nanoTime()}). */
    private record Pending(GroupEvent event, long at) {}

    Dispatcher(
            String memberId,
            WatchMode mode,
            Function<GroupEvent, List<WatchCallback<GroupEvent>>> callbacks,
            Observers observers) {
        this.mode = mode;
        this.callbacks = callbacks;
        this.observers = observers;
        this.thread = new SerialExecutor("tooz-dispatch-" + memberId);
    }

    void publish(GroupEvent event) {
        long at = observers.active() ? System.nanoTime() : 0;
        if (mode == WatchMode.MANUAL) {
            synchronized (monitor) {
                pending.add(new Pending(event, at));
                monitor.notifyAll();
            }
        } else {
            execute(() -> deliver(event, at));
        }
    }

    /** Runs a task on the dispatcher thread (lease-loss signals use it in both modes). */
    void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("dispatcher stopped; dropping task", e);
        }
    }

    private void deliver(GroupEvent event, long publishedAt) {
        List<WatchCallback<GroupEvent>> targets = callbacks.apply(event);
        if (!targets.isEmpty() && observers.active()) {
            observers.watchDelivery(event, publishedAt);
        }
        for (WatchCallback<GroupEvent> cb : targets) {
            try {
                cb.onEvent(event);
            } catch (RuntimeException | Error e) {
                LOG.error("watch callback {} threw on {}", cb, event, e);
            }
        }
        if (mode == WatchMode.AUTO) {
            synchronized (monitor) {
                delivered.add(event);
                if (delivered.size() > DELIVERED_LIMIT) {
                    delivered.poll();
                }
                monitor.notifyAll();
            }
        }
    }

    /** MANUAL: polls, then runs pending callbacks here; AUTO: waits for the thread to deliver. */
    List<GroupEvent> run(Duration timeout, Runnable poll) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            if (mode == WatchMode.MANUAL) {
                poll.run();
            }
            List<GroupEvent> out = new ArrayList<>();
            List<Pending> due = new ArrayList<>();
            synchronized (monitor) {
                if (mode == WatchMode.MANUAL) {
                    due.addAll(pending);
                    pending.clear();
                } else {
                    out.addAll(delivered);
                    delivered.clear();
                }
            }
            for (Pending p : due) {
                deliver(p.event(), p.at());
                out.add(p.event());
            }
            long left = deadline - System.nanoTime();
            if (!out.isEmpty() || left <= 0) {
                return out;
            }
            synchronized (monitor) {
                try {
                    long waitMs = Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50));
                    monitor.wait(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
            }
        }
    }

    void stop() {
        thread.shutdown();
        if (!thread.isCurrent() && !thread.awaitIdle(5000)) {
            LOG.warn("watch callbacks still running 5 s after stop; abandoning them");
            thread.shutdownNow();
        }
    }
}
