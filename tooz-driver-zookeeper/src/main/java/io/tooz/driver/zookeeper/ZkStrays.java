package io.tooz.driver.zookeeper;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Contender creates of the current session whose outcome is unknown (the connection dropped or the call timed out
 * before the answer): such a node would sit in its queue with nobody waiting on it, and once first hold the lock for
 * the life of the session. Each is deleted by its unique prefix as soon as the server answers a queue read: at once,
 * and again after each reconnection on the same session until one read succeeds.
 */
final class ZkStrays {
    /** A contender node that may exist: {@code dir/prefix<sequence>}. */
    private record Stray(String dir, String prefix) {}

    private final Set<Stray> strays = ConcurrentHashMap.newKeySet();

    /** Remembers the contender {@code dir/prefix...} and sweeps for it now. */
    void add(ZooKeeper zk, String dir, String prefix) {
        Stray s = new Stray(dir, prefix.substring(dir.length() + 1));
        strays.add(s);
        sweep(zk, s);
    }

    /** Sweeps for every remembered contender (after a reconnection on the same session). */
    void sweep(ZooKeeper zk) {
        List.copyOf(strays).forEach(s -> sweep(zk, s));
    }

    /** Forgets them all: a new session, and the old one's nodes went (or go) with it. */
    void clear() {
        strays.clear();
    }

    /** Deletes the stray's node if it exists, asynchronously; forgets the stray once the server has answered. */
    private void sweep(ZooKeeper zk, Stray s) {
        zk.getChildren(
                s.dir(),
                false,
                (int rc, String path, Object ctx, List<String> kids) -> {
                    if (rc == KeeperException.Code.OK.intValue()) {
                        kids.stream()
                                .filter(k -> k.startsWith(s.prefix()))
                                .forEach(k -> zk.delete(s.dir() + "/" + k, -1, (r, p, c) -> {}, null));
                        strays.remove(s);
                    } else if (rc == KeeperException.Code.NONODE.intValue()
                            || rc == KeeperException.Code.SESSIONEXPIRED.intValue()) {
                        strays.remove(s);
                    }
                },
                null);
    }
}
