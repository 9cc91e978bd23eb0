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

    /** What one pipelined enqueue returned. */
    record Entry(String node, long czxid, List<String> children) {}

    /** Creates the contender and reads the queue behind it. */
    static Entry enqueue(ZooKeeperDriver driver, String dir, String prefix, String holder, long timeoutMs)
            throws Exception {
        ZooKeeper zk = driver.zookeeper();
        CompletableFuture<Entry> created = new CompletableFuture<>();
        CompletableFuture<List<String>> children = new CompletableFuture<>();
        zk.create(
                prefix,
                holder.getBytes(StandardCharsets.UTF_8),
                driver.acl(),
                CreateMode.EPHEMERAL_SEQUENTIAL,
                (int rc, String path, Object ctx, String name, Stat stat) -> {
                    if (rc == KeeperException.Code.OK.intValue()) {
                        created.complete(new Entry(name, stat.getCzxid(), null));
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
            Entry e = created.get(timeoutMs, TimeUnit.MILLISECONDS);
            List<String> kids = children.get(timeoutMs, TimeUnit.MILLISECONDS);
            return new Entry(e.node(), e.czxid(), kids);
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
     * is gone. If the call is interrupted or the connection drops, the create may still happen: a queue read sent
     * after it on the same session (so answered after it) finds the node by its unique prefix and deletes it.
     */
    static Entry createAlone(ZooKeeperDriver driver, String dir, String prefix, String holder) throws Exception {
        ZooKeeper zk = driver.zookeeper();
        Stat stat = new Stat();
        try {
            String node = zk.create(
                    prefix,
                    holder.getBytes(StandardCharsets.UTF_8),
                    driver.acl(),
                    CreateMode.EPHEMERAL_SEQUENTIAL,
                    stat);
            return new Entry(node, stat.getCzxid(), null);
        } catch (KeeperException.NoNodeException gone) {
            return null;
        } catch (InterruptedException | KeeperException.ConnectionLossException e) {
            String mine = prefix.substring(dir.length() + 1);
            zk.getChildren(
                    dir,
                    false,
                    (int rc, String path, Object ctx, List<String> kids) -> {
                        if (rc == KeeperException.Code.OK.intValue()) {
                            kids.stream()
                                    .filter(k -> k.startsWith(mine))
                                    .forEach(k -> zk.delete(dir + "/" + k, -1, (r, p, c) -> {}, null));
                        }
                    },
                    null);
            throw e;
        }
    }
}
