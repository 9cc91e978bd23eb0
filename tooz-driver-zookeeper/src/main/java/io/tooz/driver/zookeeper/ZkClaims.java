package io.tooz.driver.zookeeper;

import io.tooz.ToozException;
import io.tooz.spi.DriverClaims;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Claims as persistent znodes {@code /<ns>/claims/<enc(namespace)>/<period start>/<enc(task)>} holding the holder;
 * the token is the claim node's czxid. A batch is pipelined: the period node's create, then every claim's create, sent
 * back to back on the session (answered in order). ZooKeeper expires nothing, so the TTL is honoured by {@link #sweep}.
 */
final class ZkClaims implements DriverClaims {
    private static final int ATTEMPTS = 5;
    private static final int DELETE_CHUNK = 5_000;
    private static final byte[] EMPTY = new byte[0];

    private final ZooKeeperDriver driver;
    private final ZkLayout layout;
    private final ZkErrors errors;
    private final AtomicLong requests = new AtomicLong();

    ZkClaims(ZooKeeperDriver driver) {
        this.driver = driver;
        this.layout = driver.layout();
        this.errors = driver.errors();
    }

    @Override
    public Map<String, Long> claim(
            String namespace, long periodStartMillis, List<String> tasks, String holder, Duration ttl) {
        if (tasks.isEmpty()) {
            return Map.of();
        }
        String parent = layout.claimPeriod(namespace, periodStartMillis);
        byte[] data = holder.getBytes(StandardCharsets.UTF_8);
        return errors.call("claiming tasks of '" + namespace + "' for period " + periodStartMillis, () -> {
            Map<String, Long> claimed = new LinkedHashMap<>();
            List<String> pending = new ArrayList<>(new LinkedHashSet<>(tasks));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                ZooKeeper zk = driver.zookeeper();
                ZkBatch batch = new ZkBatch(pending.size() + 1);
                zk.create(parent, EMPTY, driver.acl(), CreateMode.PERSISTENT, batch, 0);
                for (int i = 0; i < pending.size(); i++) {
                    String path = layout.claim(namespace, periodStartMillis, pending.get(i));
                    zk.create(path, data, driver.acl(), CreateMode.PERSISTENT, batch, i + 1);
                }
                requests.addAndGet(pending.size() + 1L);
                batch.await(waitMillis(pending.size()));
                batch.check(0, Code.NONODE, Code.NODEEXISTS);
                List<String> retry = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    Code rc = batch.check(i + 1, Code.NODEEXISTS, Code.NONODE);
                    if (rc == Code.OK) {
                        claimed.put(pending.get(i), batch.czxid(i + 1));
                    } else if (rc == Code.NONODE) { // no namespace node yet, or a sweep removed the period
                        retry.add(pending.get(i));
                    }
                }
                if (!retry.isEmpty()) {
                    if (attempt == ATTEMPTS) {
                        throw new ToozException("period node " + parent + " vanished " + ATTEMPTS
                                + " times while claiming (is something deleting it?)");
                    }
                    createParents(parent);
                }
                pending = retry;
            }
            return claimed;
        });
    }

    private void createParents(String path) throws Exception {
        requests.incrementAndGet();
        try {
            driver.client().create().creatingParentsIfNeeded().forPath(path);
        } catch (KeeperException.NodeExistsException e) {
            // created meanwhile
        }
    }

    @Override
    public Optional<Claim> read(String namespace, long periodStartMillis, String task) {
        String path = layout.claim(namespace, periodStartMillis, task);
        return errors.call("reading claim " + path, () -> {
            requests.incrementAndGet();
            Stat stat = new Stat();
            try {
                byte[] data = driver.zookeeper().getData(path, false, stat);
                return Optional.of(new Claim(new String(data, StandardCharsets.UTF_8), stat.getCzxid()));
            } catch (KeeperException.NoNodeException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void sweep(String namespace, long beforeMillis) {
        String dir = layout.claimNamespace(namespace);
        errors.call("sweeping claims of '" + namespace + "'", () -> {
            ZooKeeper zk = driver.zookeeper();
            List<String> old = new ArrayList<>();
            requests.incrementAndGet();
            try {
                for (String p : zk.getChildren(dir, false)) {
                    if (isBefore(p, beforeMillis)) {
                        old.add(dir + "/" + p);
                    }
                }
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
            if (old.isEmpty()) {
                return null;
            }
            ZkBatch lists = new ZkBatch(old.size());
            for (int i = 0; i < old.size(); i++) {
                zk.getChildren(old.get(i), false, lists, i);
            }
            requests.addAndGet(old.size());
            lists.await(waitMillis(old.size()));
            List<String> doomed = new ArrayList<>();
            for (int i = 0; i < old.size(); i++) {
                if (lists.check(i, Code.NONODE) == Code.OK) { // NONODE: swept by someone else
                    for (String child : lists.children(i)) {
                        doomed.add(old.get(i) + "/" + child);
                    }
                    doomed.add(old.get(i)); // after its children: a session's requests are applied in order
                }
            }
            for (int from = 0; from < doomed.size(); from += DELETE_CHUNK) {
                List<String> chunk = doomed.subList(from, Math.min(doomed.size(), from + DELETE_CHUNK));
                ZkBatch deletes = new ZkBatch(chunk.size());
                for (int i = 0; i < chunk.size(); i++) {
                    zk.delete(chunk.get(i), -1, deletes, i);
                }
                requests.addAndGet(chunk.size());
                deletes.await(waitMillis(chunk.size()));
                for (int i = 0; i < chunk.size(); i++) {
                    // NOTEMPTY: a late claim landed in the period; the next sweep takes it
                    deletes.check(i, Code.NONODE, Code.NOTEMPTY);
                }
            }
            return null;
        });
    }

    private static boolean isBefore(String period, long beforeMillis) {
        try {
            return Long.parseLong(period) < beforeMillis;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The server's clock: the mtime a write to the clock node gets. */
    @Override
    public OptionalLong currentTimeMillis() {
        String clock = layout.claimClock();
        return errors.call("reading ZooKeeper's clock", () -> {
            for (int attempt = 0; ; attempt++) {
                requests.incrementAndGet();
                try {
                    return OptionalLong.of(
                            driver.zookeeper().setData(clock, EMPTY, -1).getMtime());
                } catch (KeeperException.NoNodeException e) {
                    if (attempt > 0) {
                        throw e;
                    }
                    createParents(clock);
                }
            }
        });
    }

    @Override
    public long requests() {
        return requests.get();
    }

    private long waitMillis(int operations) {
        return driver.timeout().toMillis() * 3 + operations;
    }
}
