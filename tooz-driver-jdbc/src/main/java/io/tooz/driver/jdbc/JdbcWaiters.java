package io.tooz.driver.jdbc;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Threads waiting in the server for a lock. A JDBC call cannot be interrupted, so every 100 ms the interrupted
 * waiters' statements are cancelled, while any thread waits. Closing cancels every wait and refuses new ones, so a
 * stopped coordinator's waiter (a withdrawn leader candidate) cannot be granted a lock afterwards.
 */
final class JdbcWaiters {
    private final Dialect dialect;
    private final Supplier<ScheduledExecutorService> scheduler;
    private final Map<Thread, JdbcPool.Conn> waiting = new ConcurrentHashMap<>();
    private ScheduledFuture<?> checker;
    private volatile boolean closed;

    /** A wait in the server. */
    interface ServerWait {
        boolean run() throws SQLException;
    }

    JdbcWaiters(Dialect dialect, Supplier<ScheduledExecutorService> scheduler) {
        this.dialect = dialect;
        this.scheduler = scheduler;
    }

    boolean await(JdbcPool.Conn c, ServerWait wait) throws SQLException {
        waiting.put(Thread.currentThread(), c);
        if (closed) {
            waiting.remove(Thread.currentThread());
            throw new SQLException("the coordinator is stopped");
        }
        synchronized (this) {
            if (checker == null) {
                checker = scheduler
                        .get()
                        .scheduleWithFixedDelay(this::cancelInterrupted, 100, 100, TimeUnit.MILLISECONDS);
            }
        }
        try {
            return wait.run();
        } finally {
            waiting.remove(Thread.currentThread());
        }
    }

    private void cancelInterrupted() {
        waiting.forEach((thread, c) -> {
            if (thread.isInterrupted()) {
                cancel(c);
            }
        });
    }

    private void cancel(JdbcPool.Conn c) {
        try {
            dialect.cancel(c.jdbc);
        } catch (SQLException | RuntimeException e) {
            JdbcPool.close(c);
        }
    }

    void close() {
        closed = true;
        synchronized (this) {
            if (checker != null) {
                checker.cancel(false);
            }
        }
        waiting.values().forEach(this::cancel);
    }
}
