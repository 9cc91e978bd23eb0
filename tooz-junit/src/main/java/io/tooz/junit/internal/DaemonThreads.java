package io.tooz.junit.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The daemon threads of one fault helper, so that its {@code close()} can wait until they have all ended. */
public final class DaemonThreads {
    private final Set<Thread> alive = ConcurrentHashMap.newKeySet();

    /** No threads yet. */
    public DaemonThreads() {}

    /** Starts a daemon thread running {@code body}; it is forgotten when the body returns. */
    public void start(String name, Runnable body) {
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } finally {
                        alive.remove(Thread.currentThread());
                    }
                },
                name);
        t.setDaemon(true);
        alive.add(t);
        t.start();
    }

    /**
     * Waits at most {@code atMost} in all for the threads to end; the caller must first have closed what they block
     * on. Returns whether they all ended. Keeps the interrupt flag of an interrupted caller.
     */
    public boolean joinAll(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        Thread self = Thread.currentThread();
        while (alive.stream().anyMatch(t -> t != self)) {
            for (Thread t : Set.copyOf(alive)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (t != self) {
                    try {
                        t.join(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
