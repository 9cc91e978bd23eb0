package io.tooz.driver.zookeeper;

import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * kazoo's lock recipe, so Java and Python contenders queue together: an ephemeral sequential {@code
 * <uuid hex>__lock__} child holding the member id; the lowest sequence holds the lock; each waiter watches only its
 * predecessor. The fencing token is the contender node's creation zxid.
 */
final class ZkLocks implements DriverLocks {
    private static final long NO_LIMIT_SLICE_MS = 60_000;

    private final ZooKeeperDriver driver;
    private final ZkLayout layout;
    private final ZkErrors errors;

    ZkLocks(ZooKeeperDriver driver) {
        this.driver = driver;
        this.layout = driver.layout();
        this.errors = driver.errors();
    }

    /** The driver's bookkeeping for one grant. */
    static final class Held {
        final String node;
        volatile boolean released;

        Held(String node) {
            this.node = node;
        }
    }

    private CuratorFramework zk() {
        return driver.client();
    }

    @Override
    public Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos) {
        String dir = layout.lockPath(id);
        String prefix = dir + "/" + UUID.randomUUID().toString().replace("-", "") + ZkLayout.LOCK_MARK;
        Stat stat = new Stat();
        String ours = errors.call("queueing for lock " + id.name(), () -> zk().create()
                .storingStatIn(stat)
                .creatingParentsIfNeeded()
                .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(prefix, holder.getBytes(StandardCharsets.UTF_8)));
        long start = System.nanoTime();
        boolean granted = false;
        try {
            while (true) {
                List<String> queue = contenders(dir);
                String name = ours.substring(dir.length() + 1);
                int at = queue.indexOf(name);
                if (at < 0) {
                    throw new ToozException("the queue node for lock " + id.name() + " vanished (session expired?)");
                }
                if (at == 0) {
                    granted = true;
                    DriverLease lease = new DriverLease(id, stat.getCzxid(), new Held(ours));
                    watchForLoss(lease);
                    return Optional.of(lease);
                }
                long leftNanos = timeoutNanos == Long.MAX_VALUE
                        ? TimeUnit.MILLISECONDS.toNanos(NO_LIMIT_SLICE_MS)
                        : timeoutNanos - (System.nanoTime() - start);
                if (leftNanos <= 0) {
                    return Optional.empty();
                }
                CountDownLatch gone = new CountDownLatch(1);
                Stat pred = errors.call("watching the lock queue of " + id.name(), () -> zk().checkExists()
                        .usingWatcher((Watcher) e -> gone.countDown())
                        .forPath(dir + "/" + queue.get(at - 1)));
                if (pred != null && !gone.await(leftNanos, TimeUnit.NANOSECONDS) && timeoutNanos != Long.MAX_VALUE) {
                    return Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for lock " + id.name(), e);
        } finally {
            if (!granted) {
                deleteQuietly(ours);
            }
        }
    }

    private List<String> contenders(String dir) {
        return errors
                .call("reading the lock queue " + dir, () -> zk().getChildren().forPath(dir))
                .stream()
                .filter(c -> ZkLayout.sequence(c) >= 0)
                .sorted(Comparator.comparingLong(ZkLayout::sequence))
                .toList();
    }

    /** Reports the grant lost if its node disappears without a release (broken by an operator). */
    private void watchForLoss(DriverLease lease) {
        Held h = (Held) lease.handle();
        Watcher w = (WatchedEvent e) -> {
            if (e.getType() == Watcher.Event.EventType.NodeDeleted && !h.released) {
                driver.context().events().leaseLost(lease, LossReason.BROKEN);
            }
        };
        errors.call(
                "watching lock node " + h.node,
                () -> zk().checkExists().usingWatcher(w).forPath(h.node));
    }

    private void deleteQuietly(String node) {
        try {
            zk().delete().guaranteed().forPath(node);
        } catch (Exception e) {
            // gone already, or the session is gone and took it
        }
    }

    @Override
    public boolean release(DriverLease lease) {
        Held h = (Held) lease.handle();
        h.released = true;
        return errors.call("releasing lock " + lease.id().name(), () -> {
            try {
                zk().delete().guaranteed().forPath(h.node);
                return true;
            } catch (KeeperException.NoNodeException e) {
                return false;
            }
        });
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        Held h = (Held) lease.handle();
        return !h.released
                && errors.call("checking lock " + lease.id().name(), () -> zk().checkExists()
                                .forPath(h.node))
                        != null;
    }

    @Override
    public Optional<String> holder(LockId id) {
        String dir = layout.lockPath(id);
        return errors.call("reading the holder of " + id.name(), () -> {
            try {
                for (String first : contenders(dir)) {
                    try {
                        byte[] data = zk().getData().forPath(dir + "/" + first);
                        return Optional.of(new String(data, StandardCharsets.UTF_8));
                    } catch (KeeperException.NoNodeException e) {
                        // released meanwhile: the next one holds it now
                    }
                }
                return Optional.empty();
            } catch (ToozException e) {
                if (e.getCause() instanceof KeeperException.NoNodeException) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public OptionalLong lastFencingToken(LockId id) {
        Stat s = errors.call(
                "reading lock " + id.name(), () -> zk().checkExists().forPath(layout.lockPath(id)));
        return s == null ? OptionalLong.empty() : OptionalLong.of(s.getPzxid());
    }

    @Override
    public boolean canBreak() {
        return true;
    }

    @Override
    public boolean forceBreak(LockId id) {
        String dir = layout.lockPath(id);
        return errors.call("breaking lock " + id.name(), () -> {
            List<String> queue;
            try {
                queue = contenders(dir);
            } catch (ToozException e) {
                if (e.getCause() instanceof KeeperException.NoNodeException) {
                    return false;
                }
                throw e;
            }
            for (String first : queue) {
                try {
                    zk().delete().forPath(dir + "/" + first);
                    return true;
                } catch (KeeperException.NoNodeException e) {
                    // released meanwhile; try the next holder
                }
            }
            return false;
        });
    }
}
