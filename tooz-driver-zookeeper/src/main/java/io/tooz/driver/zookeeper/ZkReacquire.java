package io.tooz.driver.zookeeper;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Lets a client that just released a lock take it again without reading the queue, in the two requests of the raw
 * create + delete floor.
 *
 * <p>Why it is safe: ZooKeeper numbers sequential children by the count of child creations in the parent (deletions do
 * not count). Say our node {@code N} held the lock, so no node numbered below {@code N} was left, and our delete of
 * {@code N} succeeded (nobody broke it). If our next contender node comes back numbered {@code N + 1}, nobody created a
 * node in between, so ours is the lowest: the lock is ours. The one way the count restarts is the directory being
 * deleted and created again; an exists watch on the directory, armed while our node was in it, reports that. ZooKeeper
 * delivers a watch event before the response to any later request on the session, and the client drops the watch's
 * registration on its I/O thread when the event arrives: if the registration is still there after our synchronous
 * create returned ({@link ZkHandle#watchesData}), no deletion came before it. Any connection event drops the shortcut
 * too.
 */
final class ZkReacquire {
    private static final int MAX_DIRS = 256;
    private static final int SKIP_AFTER_MISS = 16;

    /** What is known of one lock directory. */
    static final class Dir {
        final String path;
        final long sessionId;
        volatile boolean watched;
        volatile boolean valid = true;
        volatile long freedSequence = -1;
        int skip;
        // any event: the directory was deleted or changed, or the connection was
        final Watcher watcher = event -> valid = false;

        Dir(String path, long sessionId) {
            this.path = path;
            this.sessionId = sessionId;
        }
    }

    private final Map<String, Dir> dirs = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * The sequence number a contender created now must have to hold the lock at once, or -1 to read the queue. Read
     * this before sending the create.
     */
    synchronized long expected(String dir, long sessionId) {
        Dir d = dirs.get(dir);
        if (d == null || !d.valid || !d.watched || d.sessionId != sessionId || d.freedSequence < 0) {
            return -1;
        }
        if (d.skip > 0) {
            d.skip--;
            return -1;
        }
        return d.freedSequence + 1;
    }

    /** Whether the directory still is the one {@link #expected} spoke of, checked after the create's response. */
    synchronized boolean confirm(String dir, long expected, long created) {
        Dir d = dirs.get(dir);
        boolean ok = d != null && d.valid && d.watched && created == expected;
        if (!ok && d != null) {
            d.skip = SKIP_AFTER_MISS; // contended: pipeline the queue read for a while
        }
        return ok;
    }

    /** Called once a contender in {@code dir} was granted: arms the directory watch if it is not armed. */
    void granted(ZooKeeper zk, String dir) {
        Dir d;
        synchronized (this) {
            d = dirs.get(dir);
            if (d != null && d.valid && d.sessionId == zk.getSessionId()) {
                d.freedSequence = -1;
                return;
            }
            if (d != null) {
                unwatch(zk, d);
            }
            d = new Dir(dir, zk.getSessionId());
            dirs.put(dir, d);
            evict(zk);
        }
        Dir armed = d;
        zk.exists(
                dir,
                armed.watcher,
                (rc, path, ctx, stat) -> {
                    if (rc == 0 && stat != null) {
                        armed.watched = true;
                    }
                },
                null);
    }

    /** Called when our delete of the granted node {@code sequence} succeeded. */
    synchronized void released(String dir, long sequence) {
        Dir d = dirs.get(dir);
        if (d != null && d.valid) {
            d.freedSequence = sequence;
        }
    }

    /** Forgets a directory whose contender was lost or whose delete failed. */
    synchronized void forget(String dir) {
        Dir d = dirs.get(dir);
        if (d != null) {
            d.freedSequence = -1;
        }
    }

    private void evict(ZooKeeper zk) {
        var it = dirs.entrySet().iterator();
        while (dirs.size() > MAX_DIRS && it.hasNext()) {
            Dir old = it.next().getValue();
            it.remove();
            unwatch(zk, old);
        }
    }

    private static void unwatch(ZooKeeper zk, Dir d) {
        d.valid = false;
        zk.removeWatches(d.path, d.watcher, Watcher.WatcherType.Data, true, (rc, path, ctx) -> {}, null);
    }
}
