package io.tooz.driver.zookeeper;

import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;

/**
 * Read-write lock and semaphore queues as ZooKeeper's lock recipe: one ephemeral sequential node per entry under a
 * persistent directory ({@link ZkLayout#lockPath}), named by {@link ZkEntryName}, the sequence suffix being the entry's
 * sequence and fencing token. ZooKeeper numbers a directory's children by its count of child creations, which restarts
 * only if the directory is deleted: nothing here deletes one, nor makes it a container node.
 *
 * <p>Entries are grants like {@link ZkLocks}' contenders (session-bound, same {@link ZkLocks.Held}), so leases,
 * release, refresh, ownership and loss are the lock facet's. Enqueue is the contender create and the queue read sent
 * back to back (one round trip); release one delete; a batch refresh one pipelined {@code exists} per entry.
 */
final class ZkQueues implements DriverLockQueues, io.tooz.spi.ForwardingLeases {
    private final ZooKeeperDriver driver;
    private final ZkLocks locks;
    private final ZkLayout layout;
    private final ZkErrors errors;
    private final ZkNodeWatches removals = new ZkNodeWatches();

    ZkQueues(ZooKeeperDriver driver, ZkLocks locks) {
        this.driver = driver;
        this.locks = locks;
        this.layout = driver.layout();
        this.errors = driver.errors();
    }

    @Override
    public Enqueued enqueue(LockId id, String holder, String tag) {
        String dir = layout.lockPath(id);
        String prefix = dir + "/" + ZkEntryName.prefix(holder, tag);
        ZkHandle zk = driver.zookeeper();
        ZkLockQueue.Entry created = locks.enqueue(zk, id, dir, prefix, holder);
        String node = created.node();
        ZkEntryName.Parsed own = ZkEntryName.parse(node.substring(dir.length() + 1));
        List<QueueEntry> entries = list(dir, created.children());
        if (own == null || entries.stream().noneMatch(e -> e.handle().equals(node))) {
            throw new ToozException("the queue entry for " + id.name() + " vanished (session expired?)");
        }
        ZkLocks.Held held = new ZkLocks.Held(dir, node, own.sequence(), zk.getSessionId());
        return new Enqueued(new DriverLease(id, own.sequence(), held, created.sent()), entries);
    }

    @Override
    public List<QueueEntry> entries(LockId id) {
        String dir = layout.lockPath(id);
        List<String> children = errors.call("reading the queue of " + id.name(), () -> {
            try {
                return driver.zookeeper().getChildren(dir, false);
            } catch (KeeperException.NoNodeException e) {
                return List.<String>of();
            }
        });
        return list(dir, children);
    }

    /**
     * The entries among {@code children}, in sequence order, each with its node path as handle. kazoo's own entries
     * carry their holder as data only: those are read, pipelined, one more round trip (none when there are none).
     */
    private List<QueueEntry> list(String dir, List<String> children) {
        List<QueueEntry> out = new ArrayList<>(children.size());
        List<String> foreign = new ArrayList<>();
        for (String child : children) {
            ZkEntryName.Parsed p = ZkEntryName.parse(child);
            if (p != null && p.holder() != null) {
                out.add(new QueueEntry(p.sequence(), p.holder(), p.tag(), dir + "/" + child));
            } else if (p != null) {
                foreign.add(child);
            }
        }
        if (!foreign.isEmpty()) {
            out.addAll(readForeign(dir, foreign));
        }
        out.sort(Comparator.comparingLong(QueueEntry::sequence));
        return out;
    }

    private List<QueueEntry> readForeign(String dir, List<String> names) {
        return errors.call("reading the holders of " + dir, () -> {
            ZkHandle zk = driver.zookeeper();
            ZkBatch batch = new ZkBatch(names.size());
            for (int i = 0; i < names.size(); i++) {
                zk.getData(dir + "/" + names.get(i), false, batch, i);
            }
            batch.await(TimeUnit.NANOSECONDS.toMillis(errors.remainingNanos()));
            List<QueueEntry> out = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                if (batch.check(i, Code.NONODE) == Code.OK) {
                    ZkEntryName.Parsed p = ZkEntryName.parse(names.get(i));
                    String holder = new String(batch.data(i), StandardCharsets.UTF_8);
                    out.add(new QueueEntry(p.sequence(), holder, p.tag(), dir + "/" + names.get(i)));
                }
            }
            return out;
        });
    }

    /**
     * A data watch on the entry's node, shared by every local waiter on it ({@link ZkNodeWatches}): its deletion, by
     * release, expiry or break, fires it.
     */
    @Override
    public AutoCloseable watchRemoval(LockId id, QueueEntry entry, Runnable removed) {
        return removals.watch(driver.zookeeper(), (String) entry.handle(), removed);
    }

    /** A new session: the old one's watches are gone. */
    void newSession() {
        removals.newSession();
    }

    /** Deletes every entry, pipelined: two round trips. */
    @Override
    public boolean forceBreak(LockId id) {
        List<QueueEntry> queue = entries(id);
        return errors.call("breaking " + id.name(), () -> {
            ZkHandle zk = driver.zookeeper();
            ZkBatch batch = new ZkBatch(queue.size());
            for (int i = 0; i < queue.size(); i++) {
                zk.delete((String) queue.get(i).handle(), -1, batch, i);
            }
            batch.await(TimeUnit.NANOSECONDS.toMillis(errors.remainingNanos()));
            boolean any = false;
            for (int i = 0; i < queue.size(); i++) {
                any |= batch.check(i, Code.NONODE) == Code.OK;
            }
            return any;
        });
    }

    @Override
    public io.tooz.spi.DriverLeases keeper() {
        return locks;
    }
}
