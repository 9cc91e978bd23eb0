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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
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
    private final ZkReacquire reacquire = new ZkReacquire();

    ZkLocks(ZooKeeperDriver driver) {
        this.driver = driver;
        this.layout = driver.layout();
        this.errors = driver.errors();
    }

    /** The driver's bookkeeping for one grant. */
    static final class Held {
        final String dir;
        final String node;
        final long sequence;
        volatile boolean released;

        Held(String dir, String node, long sequence) {
            this.dir = dir;
            this.node = node;
            this.sequence = sequence;
        }
    }

    private CuratorFramework zk() {
        return driver.client();
    }

    @Override
    public Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos) {
        String dir = layout.lockPath(id);
        String prefix = dir + "/" + UUID.randomUUID().toString().replace("-", "") + ZkLayout.LOCK_MARK;
        ZkHandle zk = driver.zookeeper();
        ZkReacquire.Expectation expected = reacquire.expected(dir, zk.getSessionId());
        ZkLockQueue.Entry entry = expected != null ? createAlone(id, dir, prefix, holder) : null;
        if (entry == null) {
            expected = null;
            entry = enqueue(id, dir, prefix, holder);
        }
        String ours = entry.node();
        String name = ours.substring(dir.length() + 1);
        long sequence = ZkLayout.sequence(name);
        long start = System.nanoTime();
        boolean granted = false;
        try {
            boolean alone = expected != null && reacquire.confirm(zk, dir, expected, sequence);
            List<String> queue =
                    alone ? List.of(name) : sorted(entry.children() != null ? entry.children() : read(dir));
            while (true) {
                int at = queue.indexOf(name);
                if (at < 0) {
                    throw new ToozException("the queue node for lock " + id.name() + " vanished (session expired?)");
                }
                if (at == 0) {
                    granted = true;
                    reacquire.granted(zk, dir, alone || zk.watchesData(dir));
                    return Optional.of(new DriverLease(id, entry.czxid(), new Held(dir, ours, sequence)));
                }
                long leftNanos = timeoutNanos == Long.MAX_VALUE
                        ? TimeUnit.MILLISECONDS.toNanos(NO_LIMIT_SLICE_MS)
                        : timeoutNanos - (System.nanoTime() - start);
                if (leftNanos <= 0) {
                    return Optional.empty();
                }
                CountDownLatch gone = new CountDownLatch(1);
                String predecessor = queue.get(at - 1);
                Stat pred = errors.call("watching the lock queue of " + id.name(), () -> zk().checkExists()
                        .usingWatcher((Watcher) e -> gone.countDown())
                        .forPath(dir + "/" + predecessor));
                if (pred != null && !gone.await(leftNanos, TimeUnit.NANOSECONDS) && timeoutNanos != Long.MAX_VALUE) {
                    return Optional.empty();
                }
                queue = contenders(dir);
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

    private ZkLockQueue.Entry createAlone(LockId id, String dir, String prefix, String holder) {
        return errors.call(
                "queueing for lock " + id.name(), () -> ZkLockQueue.createAlone(driver, dir, prefix, holder));
    }

    /** Creates our contender node and reads the queue in one round trip; creates missing parents on first use. */
    private ZkLockQueue.Entry enqueue(LockId id, String dir, String prefix, String holder) {
        long timeoutMs = driver.timeout().toMillis();
        return errors.call("queueing for lock " + id.name(), () -> {
            try {
                return ZkLockQueue.enqueue(driver, dir, prefix, holder, timeoutMs);
            } catch (KeeperException.NoNodeException e) {
                try {
                    zk().create().creatingParentsIfNeeded().forPath(dir);
                } catch (KeeperException.NodeExistsException raced) {
                    // another contender made it
                }
                return ZkLockQueue.enqueue(driver, dir, prefix, holder, timeoutMs);
            }
        });
    }

    private static List<String> sorted(List<String> children) {
        return children.stream()
                .filter(c -> ZkLayout.sequence(c) >= 0)
                .sorted(Comparator.comparingLong(ZkLayout::sequence))
                .toList();
    }

    private List<String> read(String dir) {
        return errors.call(
                "reading the lock queue " + dir, () -> zk().getChildren().forPath(dir));
    }

    private List<String> contenders(String dir) {
        return sorted(read(dir));
    }

    /**
     * Reports the grant lost if its node disappears without a release (broken by an operator). Set only once someone
     * listens, asynchronously, so the acquire path stays at two requests plus the release.
     */
    @Override
    public void watchLoss(DriverLease lease) {
        Held h = (Held) lease.handle();
        Watcher w = (WatchedEvent e) -> {
            if (e.getType() == Watcher.Event.EventType.NodeDeleted && !h.released) {
                driver.context().events().leaseLost(lease, LossReason.BROKEN);
            }
        };
        driver.zookeeper()
                .exists(
                        h.node,
                        w,
                        (int rc, String path, Object ctx, Stat stat) -> {
                            if (rc == KeeperException.Code.NONODE.intValue() && !h.released) {
                                driver.context().events().leaseLost(lease, LossReason.BROKEN);
                            }
                        },
                        null);
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
                driver.zookeeper().delete(h.node, -1);
                reacquire.released(h.dir, h.sequence);
                return true;
            } catch (KeeperException.NoNodeException e) {
                reacquire.forget(h.dir);
                return false;
            } catch (KeeperException.ConnectionLossException e) {
                reacquire.forget(h.dir);
                deleteQuietly(h.node); // Curator's guaranteed delete keeps trying in the background
                throw e;
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
    public java.util.OptionalInt queueLength(LockId id) {
        try {
            return java.util.OptionalInt.of(contenders(layout.lockPath(id)).size());
        } catch (ToozException e) {
            if (e.getCause() instanceof KeeperException.NoNodeException) {
                return java.util.OptionalInt.of(0);
            }
            throw e;
        }
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
