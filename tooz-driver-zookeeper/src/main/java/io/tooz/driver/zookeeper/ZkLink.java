package io.tooz.driver.zookeeper;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * Whether the driver's ZooKeeper client is connected, and since when it is not, straight from the client's own
 * connection events (no Curator thread in between): what a call's deadline needs to know.
 */
final class ZkLink {
    private final AtomicInteger handles = new AtomicInteger();
    private volatile boolean connected;
    private volatile long lostAt = System.nanoTime(); // meaningful while !connected

    /**
     * Wraps the watcher Curator gives a new ZooKeeper handle, to see its connection events first; the events of
     * handles replaced since (closing after an expiry) no longer count.
     */
    Watcher observing(Watcher curators) {
        int handle = handles.incrementAndGet();
        return event -> {
            if (handle == handles.get()) {
                process(event);
            }
            curators.process(event);
        };
    }

    private void process(WatchedEvent event) {
        if (event.getType() != Watcher.Event.EventType.None) {
            return;
        }
        switch (event.getState()) {
            case SyncConnected, ConnectedReadOnly -> connected = true;
            case Disconnected, Expired, AuthFailed, Closed -> {
                if (connected) {
                    lostAt = System.nanoTime();
                    connected = false;
                }
            }
            default -> {}
        }
    }

    boolean connected() {
        return connected;
    }

    /** When the connection was lost ({@link System#nanoTime()}), or the client created; only while not connected. */
    long lostAt() {
        return lostAt;
    }
}
