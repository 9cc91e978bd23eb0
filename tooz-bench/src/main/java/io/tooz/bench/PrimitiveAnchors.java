package io.tooz.bench;

import io.tooz.bench.BenchRounds.Variant;
import io.tooz.spi.ConnectionUrl;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RReadWriteLock;
import org.redisson.api.RSemaphore;
import org.redisson.api.RedissonClient;

/** The anchors of {@link PrimitivesBench}: Curator's recipes on ZooKeeper, Redisson's objects on Redis, else none. */
final class PrimitiveAnchors {
    private PrimitiveAnchors() {}

    static PrimitivesBench.Anchors of(String url, String tag) throws InterruptedException {
        return switch (ConnectionUrl.parse(url).scheme()) {
            case "zookeeper", "kazoo" -> curator(url, tag);
            case "redis" -> redisson(url, tag);
            default -> none();
        };
    }

    private static PrimitivesBench.Anchors none() {
        return anchors(List.of(), List.of(), () -> {});
    }

    private static PrimitivesBench.Anchors curator(String url, String tag) throws InterruptedException {
        ZkBenchTarget.Target target = ZkBenchTarget.Target.of(url);
        CuratorFramework cf = ZkBenchTarget.connectCurator(target);
        String root = "/" + target.namespace() + "/bench-curator-" + tag;
        InterProcessReadWriteLock rw = new InterProcessReadWriteLock(cf, root + "/rw");
        InterProcessSemaphoreV2 sem = new InterProcessSemaphoreV2(cf, root + "/sem", PrimitivesBench.PERMITS);
        return anchors(
                List.of(
                        new Variant("Curator InterProcessReadWriteLock read", () -> {
                            rw.readLock().acquire();
                            rw.readLock().release();
                        }),
                        new Variant("Curator InterProcessReadWriteLock write", () -> {
                            rw.writeLock().acquire();
                            rw.writeLock().release();
                        }),
                        new Variant("Curator InterProcessSemaphoreV2", () -> {
                            Lease l = sem.acquire();
                            sem.returnLease(l);
                        })),
                List.of("read", "write", "permit"),
                () -> {
                    try {
                        cf.delete().deletingChildrenIfNeeded().forPath(root);
                    } catch (Exception e) { // clean-up is best effort; the namespace may be deleted anyway
                        // ignored
                    }
                    cf.close();
                });
    }

    private static PrimitivesBench.Anchors redisson(String url, String tag) {
        RedisBenchTarget.Target target = RedisBenchTarget.Target.of(url);
        RedissonClient r = RedisBenchTarget.redisson(target, "bench-redisson-" + tag, 0, 0);
        String prefix = "tooz-bench-redisson-" + tag;
        RReadWriteLock rw = r.getReadWriteLock(prefix + "-rw");
        RSemaphore sem = r.getSemaphore(prefix + "-sem");
        sem.trySetPermits(PrimitivesBench.PERMITS);
        RPermitExpirableSemaphore exp = r.getPermitExpirableSemaphore(prefix + "-exp");
        exp.trySetPermits(PrimitivesBench.PERMITS);
        return anchors(
                List.of(
                        new Variant("Redisson RReadWriteLock read", () -> {
                            rw.readLock().lock();
                            rw.readLock().unlock();
                        }),
                        new Variant("Redisson RReadWriteLock write", () -> {
                            rw.writeLock().lock();
                            rw.writeLock().unlock();
                        }),
                        new Variant("Redisson RSemaphore", () -> {
                            sem.acquire();
                            sem.release();
                        }),
                        new Variant("Redisson RPermitExpirableSemaphore", () -> {
                            String id = exp.acquire(30, TimeUnit.SECONDS);
                            exp.release(id);
                        })),
                List.of("read", "write", "permit", "permit"),
                () -> {
                    r.getKeys().deleteByPattern(prefix + "*");
                    r.shutdown();
                });
    }

    private static PrimitivesBench.Anchors anchors(List<Variant> variants, List<String> kinds, Runnable close) {
        return new PrimitivesBench.Anchors() {
            @Override
            public List<Variant> variants() {
                return variants;
            }

            @Override
            public List<String> kinds() {
                return kinds;
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
