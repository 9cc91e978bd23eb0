package io.tooz.driver.zookeeper;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * Removal watches on queue entries, one ZooKeeper watch per node however many local waiters watch it: the first
 * subscriber sends a {@code getData} with the node's watcher (it registers nothing on a node already gone, which
 * answers at once), later ones only join, and unsubscribing costs no request (the watch stays until the node goes,
 * then fires into nobody). The subscribers are called when the node is deleted or changed, when the read fails, and
 * when the session ends (its watches end with it).
 */
final class ZkNodeWatches {
    private final Map<String, Node> nodes = new HashMap<>(); // guarded by this

    /** One watched node and its subscribers. */
    private final class Node implements Watcher {
        final String path;
        final Set<Sub> subs = new LinkedHashSet<>(); // guarded by ZkNodeWatches.this

        Node(String path) {
            this.path = path;
        }

        @Override
        public void process(WatchedEvent e) {
            if (e.getType() != Event.EventType.None || e.getState() == Event.KeeperState.Expired) {
                fire(this);
            }
        }
    }

    /** One subscription; closing it drops it. */
    private final class Sub implements AutoCloseable {
        final Node node;
        final Runnable removed;

        Sub(Node node, Runnable removed) {
            this.node = node;
            this.removed = removed;
        }

        @Override
        public void close() {
            synchronized (ZkNodeWatches.this) {
                node.subs.remove(this);
            }
        }
    }

    /** Calls {@code removed} once {@code path} is gone (or may be), on the client's event thread. */
    AutoCloseable watch(ZkHandle zk, String path, Runnable removed) {
        Node node;
        boolean arm;
        Sub sub;
        synchronized (this) {
            node = nodes.get(path);
            arm = node == null;
            if (arm) {
                node = new Node(path);
                nodes.put(path, node);
            }
            sub = new Sub(node, removed);
            node.subs.add(sub);
        }
        if (arm) {
            Node armed = node;
            zk.getData(
                    path,
                    node,
                    (rc, p, ctx, data, stat) -> {
                        if (rc != Code.OK.intValue()) {
                            fire(armed); // gone already, or the read failed: let the waiter look
                        }
                    },
                    null);
        }
        return sub;
    }

    /** A new session: the old one's watches are gone; everyone looks again. */
    void newSession() {
        List<Node> all;
        synchronized (this) {
            all = List.copyOf(nodes.values());
        }
        all.forEach(this::fire);
    }

    private void fire(Node node) {
        List<Sub> subs;
        synchronized (this) {
            nodes.remove(node.path, node);
            subs = List.copyOf(node.subs);
            node.subs.clear();
        }
        subs.forEach(s -> s.removed.run());
    }
}
