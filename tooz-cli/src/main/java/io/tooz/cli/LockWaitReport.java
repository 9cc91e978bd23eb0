package io.tooz.cli;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * While {@code tooz lock --timeout} waits, asks the backend every {@link #POLL} who holds the lock and reports the
 * holder: once at the start, then whenever another member holds it. A free lock is not reported (the waiter is
 * about to get it, or someone else is, who is then reported).
 */
final class LockWaitReport implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(200);

    /** Receives the holder (null when the backend does not record it) and whether this is the first report. */
    interface Listener {
        void holder(String holder, boolean first);
    }

    private final Supplier<String> lock;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean closed;

    /** @param lock who holds the lock now (null when the backend does not record it) */
    LockWaitReport(Supplier<String> lock, Listener listener) {
        this.lock = lock;
        this.listener = listener;
        this.thread = new Thread(this::poll, "tooz-lock-holder");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void poll() {
        String last = lock.get();
        listener.holder(last, true);
        while (!closed && CoordinatorCommand.sleep(POLL)) {
            String now = lock.get();
            if (closed) {
                return;
            }
            if (now != null && !Objects.equals(now, last)) {
                listener.holder(now, false);
            }
            if (now != null) {
                last = now;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
