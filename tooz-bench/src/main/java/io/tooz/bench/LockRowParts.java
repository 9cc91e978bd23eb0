package io.tooz.bench;

import io.etcd.jetcd.Client;
import io.tooz.bench.BenchRounds.Op;
import io.tooz.bench.MemcachedBenchTarget.Raw;
import io.tooz.spi.ConnectionUrl;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.provider.inmemory.InMemoryLockProvider;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * What {@link LockRow} measures tooz's lock against on one backend: the raw floor (the least a lock round can cost
 * with the bare client, on a connection of its own) and the best competing library where there is one, each with a
 * short name for the table; the URL tooz's and Python's coordinators use (with the benchmark's namespace where the
 * backend has them); and the clean-up. Every name is the run's own ({@code tag}).
 */
final class LockRowParts implements AutoCloseable {
    String backend;
    String server = "version unknown";
    /** The URL of tooz's coordinator. */
    String url;
    /** The URL of Python tooz's coordinator: {@link #url}, with what Python needs besides. */
    String pythonUrl;

    Op floor;
    String floorName;
    Op anchor;
    String anchorName;
    /** Why Python tooz has no figure on this backend, or null. */
    String noPython;

    private final List<AutoCloseable> closers = new ArrayList<>();

    private LockRowParts() {}

    /** Connects the bare clients of {@code url}'s backend; an unreachable server is a ToozConnectionException. */
    static LockRowParts of(String url, String tag, PrintStream out) throws InterruptedException {
        LockRowParts p = new LockRowParts();
        p.url = url;
        try {
            switch (ConnectionUrl.parse(url).scheme()) {
                case "zookeeper", "kazoo" -> p.zookeeper(url, tag, out);
                case "redis", "rediss" -> p.redis(url, tag, out);
                case "postgresql", "mysql" -> p.jdbc(url, tag);
                case "etcd3+http", "etcd3+https", "etcd3", "etcd" -> p.etcd(url, tag, out);
                case "memcached" -> p.memcached(url, tag);
                case "file", "ipc" -> p.file(url, tag, out);
                case "memory", "zake" -> p.memory();
                default -> throw new IllegalArgumentException("no lock row for scheme "
                        + ConnectionUrl.parse(url).scheme() + "; available: etcd, etcd3, etcd3+http, file, ipc,"
                        + " memcached, memory, mysql, postgresql, redis, zookeeper");
            }
            p.pythonUrl = p.url;
            if (p.url.startsWith("etcd3+http:") && !p.url.contains("api_version=")) {
                // Python's etcd3gw client speaks to the JSON gateway, whose default path (v3alpha) etcd 3.4 dropped
                p.pythonUrl = p.url + (p.url.contains("?") ? "&" : "?") + "api_version=v3";
            }
            return p;
        } catch (RuntimeException | InterruptedException e) {
            p.close();
            throw e;
        }
    }

    private void zookeeper(String given, String tag, PrintStream out) throws InterruptedException {
        ZkBenchTarget.Target t = ZkBenchTarget.Target.of(given);
        backend = "ZooKeeper";
        url = t.url();
        server = ZkBenchTarget.serverVersion(t);
        ZooKeeper raw = ZkBenchTarget.connectRaw(t);
        String root = "/" + t.namespace();
        String rawDir = root + "/bench-raw-" + tag;
        String curatorDir = root + "/bench-curator-" + tag;
        closers.add(() -> {
            ZkBenchTarget.cleanUp(
                    raw, t, root, List.of(root + "/locks/bench-lock-" + tag), List.of(rawDir, curatorDir), out);
            raw.close();
        });
        try {
            if (raw.exists(root, false) == null) { // tooz's coordinator creates it too; it starts later
                raw.create(root, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            raw.create(rawDir, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException e) {
            throw new IllegalStateException("ZooKeeper: cannot create " + rawDir + ": " + e.getMessage(), e);
        }
        String node = rawDir + "/node";
        byte[] holder = tag.getBytes(StandardCharsets.UTF_8);
        floor = () -> {
            raw.create(node, holder, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            raw.delete(node, -1);
        };
        floorName = "create+delete ephemeral";
        CuratorFramework curator = ZkBenchTarget.connectCurator(t);
        closers.add(curator::close);
        InterProcessMutex mutex = new InterProcessMutex(curator, curatorDir + "/mutex");
        anchor = () -> {
            mutex.acquire();
            mutex.release();
        };
        anchorName = "Curator InterProcessMutex";
    }

    private void redis(String given, String tag, PrintStream out) {
        RedisBenchTarget.Target t = RedisBenchTarget.Target.of(given);
        backend = "Redis";
        url = t.url();
        String prefix = t.namespace() + "_bench-" + tag;
        Jedis raw = RedisBenchTarget.connect(t, "tooz-bench-raw-" + tag);
        closers.add(() -> {
            RedisBenchTarget.cleanUp(out, raw, t.ownNamespace() ? t.namespace() : prefix);
            raw.close();
        });
        server = RedisBenchTarget.serverVersion(raw);
        String key = prefix + "-raw-lock";
        SetParams nxPx = SetParams.setParams().nx().px(RedisBenchTarget.LOCK_MS);
        floor = () -> {
            if (!"OK".equals(raw.set(key, tag, nxPx)) || raw.del(key) != 1) {
                throw new IllegalStateException("raw floor: " + key + " was taken");
            }
        };
        floorName = "SET NX PX + DEL";
        RedissonClient redisson = RedisBenchTarget.redisson(t, "tooz-bench-redisson-" + tag, 0, 0);
        closers.add(redisson::shutdown); // closed before the keys are deleted
        RLock rlock = redisson.getLock(prefix + "-redisson-lock");
        anchor = () -> {
            rlock.lock();
            rlock.unlock();
        };
        anchorName = "Redisson RLock";
    }

    private void jdbc(String given, String tag) {
        JdbcBenchTarget.Target t = JdbcBenchTarget.Target.of(given);
        backend = t.postgres() ? "PostgreSQL" : "MariaDB/MySQL";
        Connection raw = JdbcBenchTarget.connect(t);
        closers.add(() -> JdbcBenchTarget.close(raw));
        server = JdbcBenchTarget.serverVersion(raw).replaceFirst(", JDBC driver.*", "");
        try {
            floor = JdbcRawLocks.floor(raw, t, "bench-raw-lock-" + tag);
        } catch (SQLException e) {
            throw new IllegalStateException(backend + ": cannot prepare the raw floor: " + e.getMessage(), e);
        }
        floorName = t.postgres() ? "pg_try_advisory_lock + pg_advisory_unlock" : "GET_LOCK + RELEASE_LOCK";
    }

    private void etcd(String given, String tag, PrintStream out) {
        EtcdBenchTarget.Target t = EtcdBenchTarget.Target.of(given);
        backend = "etcd";
        Client raw = EtcdBenchTarget.connect(t);
        String prefix = "/tooz-bench-" + tag + "/";
        long lease = EtcdBenchTarget.grant(raw, Duration.ofHours(1));
        closers.add(() -> {
            EtcdBenchTarget.cleanUp(out, raw, lease, prefix);
            raw.close();
        });
        server = EtcdBenchTarget.serverVersion(raw, t);
        floor = EtcdBenchTarget.rawLock(raw, prefix + "raw-lock", tag.getBytes(StandardCharsets.UTF_8), lease);
        floorName = "put (with lease) + delete";
        anchor = EtcdBenchTarget.jetcdLock(raw, prefix + "jetcd-lock", lease);
        anchorName = "jetcd Lock service";
    }

    private void memcached(String given, String tag) {
        Raw raw = Raw.connect(MemcachedBenchTarget.Target.of(given));
        backend = "memcached";
        String key = "__TOOZ_LOCK_bench-raw-lock-" + tag;
        closers.add(() -> {
            for (String k : List.of(key, "__TOOZ_LOCK_bench-lock-" + tag, "__TOOZ_FENCE_bench-lock-" + tag)) {
                raw.delete(k);
            }
            raw.close();
        });
        try {
            server = "memcached " + raw.version();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] holder = tag.getBytes(StandardCharsets.UTF_8);
        floor = () -> {
            if (!raw.add(key, 30, holder) || !raw.delete(key)) {
                throw new IllegalStateException("the raw floor's key " + key + " was taken");
            }
        };
        floorName = "add (TTL) + delete";
    }

    private void file(String given, String tag, PrintStream out) {
        Path dir = FileBench.directory(given);
        backend = ConnectionUrl.parse(given).scheme().equals("ipc") ? "file (ipc://, /dev/shm)" : "file";
        try {
            Files.createDirectories(dir);
            server = Files.getFileStore(dir).type() + " file system";
            Path raw = dir.resolve(".bench-raw-" + tag);
            Files.createFile(raw);
            FileChannel channel = FileChannel.open(raw, StandardOpenOption.WRITE);
            closers.add(() -> {
                channel.close();
                for (Path f :
                        List.of(raw, dir.resolve("bench-lock-" + tag), FileBench.fenceFile(dir, "bench-lock-" + tag))) {
                    Files.deleteIfExists(f);
                }
            });
            floor = () -> channel.lock().release();
            floorName = "lock + unlock, channel kept open";
        } catch (IOException e) {
            throw new UncheckedIOException("file benchmark in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void memory() {
        backend = "memory";
        server = "this JVM";
        floor = () -> ScaleBench.floorLock(0);
        floorName = "ReentrantLock + HashMap put/remove";
        InMemoryLockProvider shed = new InMemoryLockProvider();
        anchor =
                () -> shed.lock(new LockConfiguration(ClockProvider.now(), "hot", Duration.ofMinutes(1), Duration.ZERO))
                        .orElseThrow()
                        .unlock();
        anchorName = "ShedLock in-memory";
        noPython = "n/a (memory:// is this JVM's)";
    }

    /** Closes the bare clients and deletes what the run left, last opened first; a failure is printed, not thrown. */
    @Override
    public void close() {
        for (int i = closers.size() - 1; i >= 0; i--) {
            try {
                closers.get(i).close();
            } catch (Exception e) { // clean-up is best effort
                System.err.println("cleanup: " + e);
            }
        }
        closers.clear();
    }
}
