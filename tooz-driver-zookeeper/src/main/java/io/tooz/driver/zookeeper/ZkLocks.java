package io.tooz.driver.zookeeper;

import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>Leases: a grant lives as long as its session, and the server cannot expire a session before the negotiated
 * session timeout has passed since the last request it received on it. So the lease TTL is that timeout, a grant is
 * confirmed as of the send time of the request that showed its node first in line, and {@link #refresh} confirms
 * held nodes with one pipelined {@code exists} each, on the session that created them.
 */
final class ZkLocks implements DriverLocks {
    private static final long NO_LIMIT_SLICE_MS = 60_000;
    static final long RETRY_PAUSE_MS = 50;

    private final ZooKeeperDriver driver;
    private final ZkLayout layout;
    private final ZkErrors errors;
    private final ZkReacquire reacquire = new ZkReacquire();
    private final ZkStrays strays = new ZkStrays();
    private final ZkLeaseCheck check;
    private final Set<ZkHolderWatch> holderWatches = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ZkLocks(ZooKeeperDriver driver) {
        this.driver = driver;
        this.layout = driver.layout();
        this.errors = driver.errors();
        this.check = new ZkLeaseCheck(driver);
    }

    /** The driver's bookkeeping for one grant. */
    static final class Held {
        final String dir;
        final String node;
        final long sequence;
        final long session;
        volatile boolean released;

        Held(String dir, String node, long sequence, long session) {
            this.dir = dir;
            this.node = node;
            this.sequence = sequence;
            this.session = session;
        }
    }

    private CuratorFramework zk() {
        return driver.client();
    }

    @Override
    public Optional<Duration> leaseTtl(LockId id) {
        return Optional.of(driver.sessionTimeout());
    }

    @Override
    public Optional<DriverLease> acquire(LockId id, String holder, long timeoutNanos) {
        String dir = layout.lockPath(id);
        String prefix = dir + "/" + UUID.randomUUID().toString().replace("-", "") + ZkLayout.LOCK_MARK;
        ZkHandle zk = driver.zookeeper(); // the whole contention runs on this handle's session
        ZkReacquire.Expectation expected = reacquire.expected(dir, zk.getSessionId());
        ZkLockQueue.Entry entry = expected != null ? createAlone(zk, id, dir, prefix, holder) : null;
        if (entry == null) {
            expected = null;
            entry = enqueue(zk, id, dir, prefix, holder);
        }
        String ours = entry.node();
        String name = ours.substring(dir.length() + 1);
        long sequence = ZkLayout.sequence(name);
        long session = zk.getSessionId();
        long confirmed = entry.sent();
        long start = System.nanoTime();
        boolean granted = false;
        try {
            boolean alone = expected != null && reacquire.confirm(zk, dir, expected, sequence);
            List<String> queue =
                    alone ? List.of(name) : entry.children() != null ? sorted(entry.children()) : contenders(zk, dir);
            while (true) {
                int at = queue.indexOf(name);
                if (at < 0) {
                    throw new ToozException("the queue node for lock " + id.name() + " vanished (session expired?)");
                }
                if (at == 0) {
                    granted = true;
                    reacquire.granted(zk, dir, alone || zk.watchesData(dir));
                    return Optional.of(
                            new DriverLease(id, entry.czxid(), new Held(dir, ours, sequence, session), confirmed));
                }
                long leftNanos = timeoutNanos == Long.MAX_VALUE
                        ? TimeUnit.MILLISECONDS.toNanos(NO_LIMIT_SLICE_MS)
                        : timeoutNanos - (System.nanoTime() - start);
                if (leftNanos <= 0) {
                    return Optional.empty();
                }
                CountDownLatch gone = new CountDownLatch(1);
                String predecessor = dir + "/" + queue.get(at - 1);
                Stat pred = onSession(
                        zk,
                        "watching the lock queue of " + id.name(),
                        () -> zk.exists(predecessor, e -> gone.countDown()));
                if (pred != null && !gone.await(leftNanos, TimeUnit.NANOSECONDS) && timeoutNanos != Long.MAX_VALUE) {
                    return Optional.empty();
                }
                confirmed = System.nanoTime();
                queue = contenders(zk, dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for lock " + id.name(), e);
        } finally {
            if (!granted) {
                discard(zk, ours);
            }
        }
    }

    private ZkLockQueue.Entry createAlone(ZkHandle zk, LockId id, String dir, String prefix, String holder) {
        return errors.call("queueing for lock " + id.name(), () -> {
            try {
                return ZkLockQueue.createAlone(driver, zk, prefix, holder);
            } catch (KeeperException.NoNodeException e) {
                throw e;
            } catch (Exception e) {
                strays.add(zk, dir, prefix);
                throw e;
            }
        });
    }

    /**
     * Creates our contender node and reads the queue in one round trip; creates missing (persistent) parents on first
     * use. Also how read-write lock and semaphore entries are made.
     */
    ZkLockQueue.Entry enqueue(ZkHandle zk, LockId id, String dir, String prefix, String holder) {
        return errors.call("queueing for lock " + id.name(), () -> {
            try {
                try {
                    return ZkLockQueue.enqueue(driver, zk, dir, prefix, holder, errors.remainingNanos());
                } catch (KeeperException.NoNodeException e) {
                    try {
                        zk().create().creatingParentsIfNeeded().forPath(dir);
                    } catch (KeeperException.NodeExistsException raced) {
                        // another contender made it
                    }
                    return ZkLockQueue.enqueue(driver, zk, dir, prefix, holder, errors.remainingNanos());
                }
            } catch (KeeperException.NoNodeException e) {
                throw e;
            } catch (Exception e) {
                strays.add(zk, dir, prefix);
                throw e;
            }
        });
    }

    /**
     * Runs a request on {@code zk}'s session, asking again while the connection is down (the session may survive it)
     * and the call's deadline allows; a request on another session would prove nothing about our node's.
     */
    private <T> T onSession(ZkHandle zk, String what, ZkErrors.ZkCall<T> request) {
        return errors.call(what, () -> {
            while (true) {
                try {
                    return request.run();
                } catch (KeeperException.ConnectionLossException e) {
                    Thread.sleep(RETRY_PAUSE_MS);
                }
            }
        });
    }

    /** The contenders among {@code children}, lowest sequence first. */
    static List<String> sorted(List<String> children) {
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

    private List<String> contenders(ZkHandle zk, String dir) {
        return sorted(onSession(zk, "reading the lock queue " + dir, () -> zk.getChildren(dir, false)));
    }

    /** The connection came back on the same session: sweep for contenders whose create may have gone through. */
    void reconnected() {
        try {
            strays.sweep(driver.zookeeper());
        } catch (ToozException e) {
            // closed meanwhile
        }
        holderWatches.forEach(w -> w.rearm(false));
    }

    /** A new session: the old one's contender nodes went (or go) with it, and so did its watches. */
    void newSession() {
        strays.clear();
        holderWatches.forEach(w -> w.rearm(true));
    }

    /**
     * A data watch on the first contender (a release is pushed), or a child watch on the directory while it is empty
     * (a new holder is pushed): waiters arriving and leaving behind the holder wake nobody.
     */
    @Override
    public AutoCloseable watchHolder(LockId id, Runnable changed) {
        return new ZkHolderWatch(driver, layout.lockPath(id), changed, holderWatches).start();
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

    /**
     * Deletes a contender node nobody waits on, without waiting: sent on its own session right away (so it is applied
     * before any later request of the session), and handed to Curator's guaranteed delete if the connection drops.
     */
    private void discard(ZkHandle zk, String node) {
        zk.delete(
                node,
                -1,
                (rc, path, ctx) -> {
                    if (rc == KeeperException.Code.CONNECTIONLOSS.intValue()) {
                        deleteInBackground(node);
                    }
                },
                null);
    }

    private void deleteInBackground(String node) {
        try {
            zk().delete().guaranteed().inBackground().forPath(node);
        } catch (Exception e) {
            // closed: the session ends and takes the node
        }
    }

    /**
     * Deletes the grant's node, on whatever session the client has now: after a lease was lost at its deadline the
     * session may have survived (the node is then still first in line) or be a new one (the old node is gone, or goes
     * when the server expires the old session). Asks again while the connection is down, within the timeout; if it
     * still fails, Curator's guaranteed delete keeps trying in the background and the call throws.
     */
    @Override
    public boolean release(DriverLease lease) {
        Held h = (Held) lease.handle();
        h.released = true;
        return errors.call("releasing lock " + lease.id().name(), () -> {
            boolean retried = false;
            try {
                while (true) {
                    ZkHandle zk = driver.zookeeper();
                    try {
                        zk.delete(h.node, -1);
                        if (zk.getSessionId() == h.session) {
                            reacquire.released(h.dir, h.sequence);
                        } else {
                            reacquire.forget(h.dir);
                        }
                        return true;
                    } catch (KeeperException.NoNodeException e) {
                        reacquire.forget(h.dir);
                        return retried; // gone: if an earlier attempt lost its answer, it was most likely ours
                    } catch (KeeperException.ConnectionLossException e) {
                        retried = true;
                        Thread.sleep(RETRY_PAUSE_MS);
                    }
                }
            } catch (Exception e) {
                reacquire.forget(h.dir);
                deleteInBackground(h.node);
                throw e;
            }
        });
    }

    @Override
    public Set<DriverLease> refresh(Collection<DriverLease> leases) {
        return check.refresh(leases);
    }

    @Override
    public boolean isStillOwner(DriverLease lease) {
        return check.isStillOwner(lease);
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
