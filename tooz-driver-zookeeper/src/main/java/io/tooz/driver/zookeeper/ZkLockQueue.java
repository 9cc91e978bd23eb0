package io.tooz.driver.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Joins a kazoo lock queue in one round trip: the contender create and the queue read are sent back to back on the
 * session, and ZooKeeper answers them in order, so the read already contains the new node.
 */
final class ZkLockQueue {
    private ZkLockQueue() {}

    /**
     * What one enqueue returned.
     *
     * @param sent {@link System#nanoTime()} just before the create was sent: a queue read that shows the node first
     *     proves the session alive at the server after this
     */
    record Entry(String node, long czxid, List<String> children, long sent) {}

    /** Creates the contender and reads the queue behind it, waiting at most {@code timeoutNanos}. */
    static Entry enqueue(
            ZooKeeperDriver driver, ZooKeeper zk, String dir, String prefix, String holder, long timeoutNanos)
            throws Exception {
        CompletableFuture<Entry> created = new CompletableFuture<>();
        CompletableFuture<List<String>> children = new CompletableFuture<>();
        long sent = System.nanoTime();
        zk.create(
                prefix,
                holder.getBytes(StandardCharsets.UTF_8),
                driver.acl(),
                CreateMode.EPHEMERAL_SEQUENTIAL,
                (int rc, String path, Object ctx, String name, Stat stat) -> {
                    if (rc == KeeperException.Code.OK.intValue()) {
                        created.complete(new Entry(name, stat.getCzxid(), null, 0));
                    } else {
                        created.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
                    }
                },
                null);
        zk.getChildren(
                dir,
                false,
                (int rc, String path, Object ctx, List<String> kids) -> {
                    if (rc == KeeperException.Code.OK.intValue()) {
                        children.complete(kids);
                    } else {
                        children.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
                    }
                },
                null);
        try {
            long until = sent + timeoutNanos;
            Entry e = created.get(timeoutNanos, TimeUnit.NANOSECONDS);
            List<String> kids = children.get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Entry(e.node(), e.czxid(), kids, sent);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw ex;
        } catch (TimeoutException | InterruptedException ex) {
            // the create may have been applied (or still be): never leave a contender nobody waits for in the queue,
            // where it would block every later contender (this session's included) for the life of the session
            created.thenAccept(e -> zk.delete(e.node(), -1, (rc, path, ctx) -> {}, null));
            if (ex instanceof InterruptedException ie) {
                throw ie;
            }
            throw KeeperException.create(KeeperException.Code.OPERATIONTIMEOUT, prefix);
        }
    }

    /**
     * Creates the contender alone, synchronously (no hop through the client's event thread); null if the directory
     * is gone. If the call is interrupted or the connection drops, the create may still happen: the caller sweeps for
     * the node by its unique prefix.
     */
    static Entry createAlone(ZooKeeperDriver driver, ZooKeeper zk, String prefix, String holder) throws Exception {
        Stat stat = new Stat();
        long sent = System.nanoTime();
        try {
            String node = zk.create(
                    prefix,
                    holder.getBytes(StandardCharsets.UTF_8),
                    driver.acl(),
                    CreateMode.EPHEMERAL_SEQUENTIAL,
                    stat);
            return new Entry(node, stat.getCzxid(), null, sent);
        } catch (KeeperException.NoNodeException gone) {
            return null;
        }
    }
}
