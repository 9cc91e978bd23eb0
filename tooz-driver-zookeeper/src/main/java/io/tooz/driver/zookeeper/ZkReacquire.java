package io.tooz.driver.zookeeper;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.zookeeper.Watcher;

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
 * create returned ({@link ZkHandle#watchesData}), no deletion came before it. A watch re-armed meanwhile belongs to a
 * new {@link Dir}, which the check also compares. Session expiry clears every registration.
 */
final class ZkReacquire {
    private static final int MAX_DIRS = 256;
    private static final int SKIP_AFTER_MISS = 16;
    /** The directory watch: its registration is what counts, not its events. */
    private static final Watcher REGISTRATION = event -> {};

    /** One lock directory for as long as one arming of its watch lasts. Fields are guarded by the ZkReacquire. */
    static final class Dir {
        final long sessionId;
        long freedSequence = -1;
        int skip;

        Dir(long sessionId) {
            this.sessionId = sessionId;
        }
    }

    /** What {@link #expected} promised: the contender's number that holds the lock at once, in that arming. */
    record Expectation(Dir dir, long sequence) {}

    private final Map<String, Dir> dirs = new LinkedHashMap<>(16, 0.75f, true);

    /** What a contender created now must be numbered to hold the lock at once, or null to read the queue. */
    synchronized Expectation expected(String dir, long sessionId) {
        Dir d = dirs.get(dir);
        if (d == null || d.sessionId != sessionId || d.freedSequence < 0) {
            return null;
        }
        if (d.skip > 0) {
            d.skip--;
            return null;
        }
        return new Expectation(d, d.freedSequence + 1);
    }

    /** After the create returned: the number is the expected one and the same arming of the watch is registered. */
    boolean confirm(ZkHandle zk, String dir, Expectation e, long created) {
        boolean ok;
        synchronized (this) {
            ok = created == e.sequence() && dirs.get(dir) == e.dir();
        }
        ok = ok && zk.watchesData(dir);
        if (!ok) {
            synchronized (this) {
                e.dir().skip = SKIP_AFTER_MISS; // contended or changed: pipeline the queue read for a while
            }
        }
        return ok;
    }

    /**
     * A contender in {@code dir} was granted. Keeps the arming if its watch is still {@code registered}; otherwise
     * starts a new one and arms the watch (the exists request is sent while our node keeps the directory alive).
     */
    void granted(ZkHandle zk, String dir, boolean registered) {
        synchronized (this) {
            Dir d = dirs.get(dir);
            if (d != null && d.sessionId == zk.getSessionId() && registered) {
                d.freedSequence = -1;
                return;
            }
            dirs.put(dir, new Dir(zk.getSessionId()));
            evict(zk);
        }
        zk.exists(dir, REGISTRATION, (rc, path, ctx, stat) -> {}, null);
    }

    /** Called when our delete of the granted node {@code sequence} succeeded. */
    synchronized void released(String dir, long sequence) {
        Dir d = dirs.get(dir);
        if (d != null) {
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

    private void evict(ZkHandle zk) {
        var it = dirs.entrySet().iterator();
        while (dirs.size() > MAX_DIRS && it.hasNext()) {
            String path = it.next().getKey();
            it.remove();
            zk.removeWatches(path, REGISTRATION, Watcher.WatcherType.Data, true, (rc, p, ctx) -> {}, null);
        }
    }
}
