package io.tooz.driver.zookeeper;

import io.tooz.ToozException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * Pushes "the holder may have changed" for one lock or leadership, herd-free towards the queue: a data watch on the
 * first contender while there is one (it fires when the holder leaves, not when waiters come and go), else a child
 * watch on the directory (it fires when a contender arrives), or an exists watch on the directory until it exists.
 * Re-armed after each event; after a new session (whose watches are gone) {@link #rearm} arms it again.
 */
final class ZkHolderWatch implements AutoCloseable {
    private final ZooKeeperDriver driver;
    private final String dir;
    private final Runnable changed;
    private final Set<ZkHolderWatch> live;
    private final Set<String> armed = ConcurrentHashMap.newKeySet();
    private final Watcher watcher = this::event;
    private volatile boolean closed;

    ZkHolderWatch(ZooKeeperDriver driver, String dir, Runnable changed, Set<ZkHolderWatch> live) {
        this.driver = driver;
        this.dir = dir;
        this.changed = changed;
        this.live = live;
    }

    /** Arms the watch (asynchronously) and keeps it armed until closed. */
    ZkHolderWatch start() {
        live.add(this);
        arm();
        return this;
    }

    /**
     * The connection is back: on the same session the watches are still registered (armed again in case arming
     * failed while the connection was down); on a new session they are gone, and the holder may have changed.
     */
    void rearm(boolean newSession) {
        if (newSession) {
            armed.clear();
            signal();
        } else {
            arm();
        }
    }

    private void event(WatchedEvent e) {
        if (e.getType() != Watcher.Event.EventType.None) { // connection states: the watch stays (or rearm comes)
            armed.remove(e.getPath());
            signal();
        }
    }

    private void signal() {
        if (!closed) {
            changed.run();
            arm();
        }
    }

    private void arm() {
        if (closed) {
            return;
        }
        ZkHandle zk;
        try {
            zk = driver.zookeeper();
        } catch (ToozException e) {
            return; // closed or not connected: a new session rearms
        }
        zk.getChildren(
                dir,
                false,
                (int rc, String path, Object ctx, List<String> kids) -> {
                    if (rc == Code.NONODE.intValue()) {
                        watch(dir);
                        zk.exists(
                                dir,
                                watcher,
                                (r, p, c, stat) -> {
                                    if (r == Code.OK.intValue()) {
                                        signal(); // created meanwhile
                                    }
                                },
                                null);
                    } else if (rc == Code.OK.intValue()) {
                        List<String> queue = ZkLocks.sorted(kids);
                        if (queue.isEmpty()) {
                            watch(dir);
                            zk.getChildren(
                                    dir,
                                    watcher,
                                    (r, p, c, now) -> {
                                        if (r == Code.NONODE.intValue()
                                                || (r == Code.OK.intValue()
                                                        && !ZkLocks.sorted(now).isEmpty())) {
                                            signal(); // a contender came, or the directory went, meanwhile
                                        }
                                    },
                                    null);
                        } else {
                            String first = dir + "/" + queue.get(0);
                            watch(first);
                            zk.getData(
                                    first,
                                    watcher,
                                    (r, p, c, data, stat) -> {
                                        if (r == Code.NONODE.intValue()) {
                                            signal(); // released meanwhile
                                        }
                                    },
                                    null);
                        }
                    }
                },
                null);
    }

    private void watch(String path) {
        armed.add(path);
    }

    /** Stops the calls, and drops the watches this client still has registered for it. */
    @Override
    public void close() {
        closed = true;
        live.remove(this);
        unwatch(driver, armed, watcher);
    }

    /** Drops {@code watcher}'s registrations on {@code paths} at the client and the server, without waiting. */
    static void unwatch(ZooKeeperDriver driver, Collection<String> paths, Watcher watcher) {
        try {
            ZkHandle zk = driver.zookeeper();
            for (String path : List.copyOf(paths)) {
                zk.removeWatches(path, watcher, Watcher.WatcherType.Any, true, (rc, p, ctx) -> {}, null);
            }
        } catch (RuntimeException e) {
            // closed: the registrations went with the session
        }
    }
}
