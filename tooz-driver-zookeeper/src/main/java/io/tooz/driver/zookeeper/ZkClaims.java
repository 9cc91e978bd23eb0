package io.tooz.driver.zookeeper;

import io.tooz.ToozException;
import io.tooz.spi.DriverClaims;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Claims as one persistent znode per task, {@code /<ns>/claims/<enc(namespace)>/<enc(task)>}, holding {@code
 * "<period start> <holder>"} of its latest claim. Claiming a later period rewrites the node conditionally on the
 * version last seen (read first if unknown), so one write per task and period in the steady state, no node per period and nothing to delete
 * each period; a claim of a period not later than the node's is refused, so a task's claims (and their tokens, the
 * write's {@code mzxid}) follow its periods. Nodes of tasks gone for longer than the TTL are swept now and then.
 */
final class ZkClaims implements DriverClaims {
    private static final int ROUNDS = 6;
    private static final int CHUNK = 5_000;
    private static final long SWEEP_EVERY_NANOS = 600_000_000_000L;
    private static final byte[] EMPTY = new byte[0];

    private final ZooKeeperDriver driver;
    private final ZkLayout layout;
    private final ZkErrors errors;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<String, Long> sweptAt = new ConcurrentHashMap<>();

    /** A task node as last written or read by this coordinator. */
    private record Seen(long periodStart, int version) {}

    private enum Step {
        CREATE,
        SET,
        READ
    }

    ZkClaims(ZooKeeperDriver driver) {
        this.driver = driver;
        this.layout = driver.layout();
        this.errors = driver.errors();
    }

    @Override
    public Map<String, Long> claim(
            String namespace, long periodStartMillis, List<String> tasks, String holder, Duration ttl) {
        byte[] value = (periodStartMillis + " " + holder).getBytes(StandardCharsets.UTF_8);
        long trustFrom = periodStartMillis - ttl.toMillis();
        return errors.call("claiming tasks of '" + namespace + "' for period " + periodStartMillis, () -> {
            Map<String, Long> claimed = new LinkedHashMap<>();
            Map<String, String> paths = new LinkedHashMap<>();
            tasks.forEach(task -> paths.computeIfAbsent(task, t -> layout.claim(namespace, t)));
            Map<String, Step> next = new LinkedHashMap<>();
            for (String task : paths.keySet()) {
                Seen s = seen.get(paths.get(task));
                if (s == null || s.periodStart() < trustFrom) {
                    // unknown here (it moved to us; its node most likely exists), or known from before the TTL
                    // (the node may have been swept and made again since): read it first
                    next.put(task, Step.READ);
                } else if (s.periodStart() < periodStartMillis) {
                    next.put(task, Step.SET);
                } // else claimed already for this period or a later one
            }
            for (int round = 0; round < ROUNDS && !next.isEmpty(); round++) {
                next = round(namespace, paths, periodStartMillis, value, next, claimed);
            }
            return claimed;
        });
    }

    /** Sends one request per task, pipelined; returns what each unfinished task needs next. */
    private Map<String, Step> round(
            String namespace,
            Map<String, String> paths,
            long periodStart,
            byte[] value,
            Map<String, Step> steps,
            Map<String, Long> claimed)
            throws Exception {
        ZooKeeper zk = driver.zookeeper();
        List<String> order = new ArrayList<>(steps.keySet());
        ZkBatch batch = new ZkBatch(order.size());
        for (int i = 0; i < order.size(); i++) {
            String path = paths.get(order.get(i));
            switch (steps.get(order.get(i))) {
                case CREATE -> zk.create(path, value, driver.acl(), CreateMode.PERSISTENT, batch, i);
                case SET -> zk.setData(path, value, seen.get(path).version(), batch, i);
                case READ -> zk.getData(path, false, batch, i);
            }
        }
        requests.addAndGet(order.size());
        batch.await(waitMillis());
        Map<String, Step> again = new LinkedHashMap<>();
        boolean parentMissing = false;
        for (int i = 0; i < order.size(); i++) {
            String task = order.get(i);
            String path = paths.get(task);
            Step step = steps.get(task);
            Code rc = batch.check(i, Code.NODEEXISTS, Code.NONODE, Code.BADVERSION);
            if (rc == Code.OK && step != Step.READ) {
                Stat stat = batch.stat(i);
                seen.put(path, new Seen(periodStart, stat.getVersion()));
                claimed.put(task, stat.getMzxid());
            } else if (rc == Code.OK) {
                long latest = periodOf(path, batch.data(i));
                seen.put(path, new Seen(latest, batch.stat(i).getVersion()));
                if (latest < periodStart) {
                    again.put(task, Step.SET);
                }
            } else if (rc == Code.NONODE) {
                seen.remove(path);
                parentMissing |= step == Step.CREATE;
                again.put(task, Step.CREATE);
            } else {
                again.put(task, Step.READ); // someone else wrote it: look before trying again
            }
        }
        if (parentMissing) {
            createParents(layout.claimNamespace(namespace));
        }
        return again;
    }

    private static long periodOf(String path, byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        try {
            return Long.parseLong(s.substring(0, s.indexOf(' ')));
        } catch (RuntimeException e) {
            throw new ToozException("claim node " + path + " holds '" + s + "', not '<period start> <holder>'");
        }
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
        String path = layout.claim(namespace, task);
        return errors.call("reading claim " + path, () -> {
            requests.incrementAndGet();
            Stat stat = new Stat();
            try {
                byte[] data = driver.zookeeper().getData(path, false, stat);
                if (periodOf(path, data) != periodStartMillis) {
                    return Optional.empty();
                }
                String s = new String(data, StandardCharsets.UTF_8);
                return Optional.of(new Claim(s.substring(s.indexOf(' ') + 1), stat.getMzxid()));
            } catch (KeeperException.NoNodeException e) {
                return Optional.empty();
            }
        });
    }

    /** Deletes the nodes of tasks last claimed before {@code beforeMillis}, at most every ten minutes. */
    @Override
    public void sweep(String namespace, long beforeMillis) {
        long now = System.nanoTime();
        Long last = sweptAt.get(namespace);
        if (last != null && now - last < SWEEP_EVERY_NANOS) {
            return;
        }
        sweptAt.put(namespace, now);
        String dir = layout.claimNamespace(namespace);
        errors.call("sweeping claims of '" + namespace + "'", () -> {
            ZooKeeper zk = driver.zookeeper();
            requests.incrementAndGet();
            List<String> paths = new ArrayList<>();
            try {
                zk.getChildren(dir, false).forEach(c -> paths.add(dir + "/" + c));
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
            for (int from = 0; from < paths.size(); from += CHUNK) {
                sweepChunk(zk, paths.subList(from, Math.min(paths.size(), from + CHUNK)), beforeMillis);
            }
            return null;
        });
    }

    private void sweepChunk(ZooKeeper zk, List<String> paths, long beforeMillis) throws Exception {
        ZkBatch reads = new ZkBatch(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            zk.getData(paths.get(i), false, reads, i);
        }
        requests.addAndGet(paths.size());
        reads.await(waitMillis());
        List<String> doomed = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            if (reads.check(i, Code.NONODE) == Code.OK && periodOf(paths.get(i), reads.data(i)) < beforeMillis) {
                doomed.add(paths.get(i));
                versions.add(reads.stat(i).getVersion());
            }
        }
        ZkBatch deletes = new ZkBatch(doomed.size());
        for (int i = 0; i < doomed.size(); i++) {
            zk.delete(doomed.get(i), versions.get(i), deletes, i); // a claim made meanwhile changed the version
            seen.remove(doomed.get(i));
        }
        requests.addAndGet(doomed.size());
        deletes.await(waitMillis());
        for (int i = 0; i < doomed.size(); i++) {
            deletes.check(i, Code.NONODE, Code.BADVERSION);
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

    /** What is left of the call's deadline (the {@code timeout} option), however large the batch. */
    private long waitMillis() {
        return Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(errors.remainingNanos()));
    }
}
