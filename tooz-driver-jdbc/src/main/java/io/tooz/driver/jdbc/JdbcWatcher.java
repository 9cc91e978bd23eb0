package io.tooz.driver.jdbc;

import io.tooz.spi.DriverWatch;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the core when a watched group changed. On PostgreSQL one thread per coordinator {@code LISTEN}s on a
 * connection of its own and passes on every {@code NOTIFY}, which names the group a process changed; on MySQL, which
 * pushes nothing, a change this coordinator made is passed on at once. Changes by other MySQL clients, and expiries,
 * which notify nothing, are the core's periodic re-read's to find. On PostgreSQL the same thread and connection serve
 * the watches of locks and queues ({@link LockWatches}).
 */
final class JdbcWatcher implements DriverWatch {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcWatcher.class);
    /** The longest wait for a notification, so close() ends the thread soon and a new lock watch starts soon. */
    private static final int WAIT_MS = 100;

    private static final long RETRY_MS = 1000;

    private final JdbcDriver driver;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final LockWatches locks;
    private volatile boolean running = true;
    private Thread thread;
    private JdbcPool.Conn listening;

    JdbcWatcher(JdbcDriver driver, QueueStore queues) {
        this.driver = driver;
        this.locks = new LockWatches(queues, this::listening);
    }

    /** The watches of locks and queues, pushed on PostgreSQL. */
    LockWatches locks() {
        return locks;
    }

    private record Watch(String groupId, MembershipListener listener) {}

    @Override
    public synchronized WatchHandle watchMembers(String groupId, MembershipListener listener) {
        Watch w = new Watch(groupId, listener);
        watches.add(w);
        listening();
        return () -> watches.remove(w);
    }

    /** Starts the listening thread, where the server pushes and unless it runs. */
    private synchronized void listening() {
        if (thread == null && running && driver.dialect().pushesChanges()) {
            thread = new Thread(this::listen, "tooz-jdbc-watch-" + driver.memberId());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** This coordinator changed a group: where the server pushes nothing, tell its watchers now. */
    void changedHere(String groupId) {
        if (!driver.dialect().pushesChanges()) {
            changed(groupId);
        }
    }

    /** Tells every watcher its group may have changed. */
    void poke() {
        changed(null);
    }

    private void changed(String groupId) {
        for (Watch w : watches) {
            if (groupId == null || w.groupId().equals(groupId)) {
                w.listener().changed();
            }
        }
    }

    private void listen() {
        String lockChannel = LockWatches.channel(driver.settings().tablePrefix());
        while (running) {
            try {
                PGNotification[] got = listener().getNotifications(WAIT_MS);
                for (PGNotification n : got == null ? new PGNotification[0] : got) {
                    if (n.getName().equals(lockChannel)) {
                        locks.notified(n.getParameter());
                    } else {
                        changed(n.getParameter());
                    }
                }
                locks.tick(listening);
            } catch (RuntimeException | SQLException e) {
                if (running) {
                    LOG.debug("listening for group changes of {} failed: {}", driver.memberId(), e.toString());
                    closeListening();
                    sleep();
                }
            }
        }
        closeListening();
    }

    /**
     * The listening connection; a new one is told of every group, and of every watched lock and queue, as
     * notifications may have been missed.
     */
    private PGConnection listener() throws SQLException {
        if (listening == null) {
            JdbcPool.Conn c = driver.pool().open("listening for group changes");
            try (Statement st = c.jdbc.createStatement()) {
                st.execute("LISTEN " + driver.settings().tablePrefix() + "events");
                st.execute("LISTEN " + LockWatches.channel(driver.settings().tablePrefix()));
            } catch (SQLException e) {
                JdbcPool.close(c);
                throw e;
            }
            listening = c;
            locks.reset();
            poke();
        }
        return listening.jdbc.unwrap(PGConnection.class);
    }

    private void closeListening() {
        if (listening != null) {
            JdbcPool.close(listening);
            listening = null;
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        watches.clear();
    }
}
