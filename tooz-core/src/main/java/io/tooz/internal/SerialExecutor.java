package io.tooz.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time in submission order on a shared pool, so an idle coordinator holds no thread: thousands of
 * coordinators in one JVM cost queues, not threads.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private static final ExecutorService POOL = Executors.newCachedThreadPool(Threads.named("tooz-worker"));

    private final String name;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;
    private boolean shutdown;
    private volatile @Nullable Thread runner;

    SerialExecutor(String name) {
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException(name + " is shut down");
            }
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        POOL.execute(this::drain);
    }

    private void drain() {
        Thread t = Thread.currentThread();
        String old = t.getName();
        t.setName(name);
        runner = t;
        try {
            while (true) {
                Runnable r;
                synchronized (this) {
                    r = queue.poll();
                    if (r == null) {
                        running = false;
                        notifyAll();
                        return;
                    }
                }
                try {
                    r.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("task on {} failed", name, e);
                }
            }
        } finally {
            runner = null;
            t.setName(old);
        }
    }

    /** Refuses new tasks; queued ones still run. */
    synchronized void shutdown() {
        shutdown = true;
    }

    /** Refuses new tasks and drops queued ones, returning them. */
    synchronized java.util.List<Runnable> shutdownNow() {
        shutdown = true;
        java.util.List<Runnable> dropped = new java.util.ArrayList<>(queue);
        queue.clear();
        return dropped;
    }

    /** Waits until the queue is empty and nothing runs; false on timeout or interrupt. */
    synchronized boolean awaitIdle(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (running || !queue.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Whether the current thread is running one of this executor's tasks. */
    boolean isCurrent() {
        return runner == Thread.currentThread();
    }
}
