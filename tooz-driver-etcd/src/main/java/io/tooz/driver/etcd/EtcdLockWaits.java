package io.tooz.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.LockId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Watches on lock keys: a waiter's for the holder's deletion, a holder's for its own key's (loss). */
final class EtcdLockWaits {
    /** A waiter asks again at least this often, in case its watch went quiet without an error. */
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final EtcdDriver driver;
    private final Set<LossWatch> lossWatches = ConcurrentHashMap.newKeySet();

    EtcdLockWaits(EtcdDriver driver) {
        this.driver = driver;
    }

    /**
     * Returns once the key was deleted at or after {@code fromRevision}, the watch broke, or a while passed; the caller
     * then tries again. Interruption: flag restored, {@link ToozException} thrown.
     */
    void awaitDeletion(LockId id, ByteSequence key, long fromRevision, long deadline) {
        CompletableFuture<Void> deleted = new CompletableFuture<>();
        Stop w = onDeletion(key, fromRevision, () -> deleted.complete(null));
        try {
            long wait = Math.min(
                    MAX_WAIT_NANOS, deadline == Long.MAX_VALUE ? MAX_WAIT_NANOS : deadline - System.nanoTime());
            deleted.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for lock " + id.name(), e);
        } catch (TimeoutException | ExecutionException e) {
            // ask again
        } finally {
            w.close();
        }
    }

    /** Stops a watch; closing it calls nothing back. */
    interface Stop extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Calls {@code then} once, when the key is deleted at or after {@code fromRevision} (at once if it already was and
     * that revision is not compacted), or when the watch breaks or ends: the caller then looks again. Herd-free: only
     * this one key's deletion wakes it.
     */
    Stop onDeletion(ByteSequence key, long fromRevision, Runnable then) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable once = () -> {
            if (done.compareAndSet(false, true)) {
                then.run();
            }
        };
        Watch.Watcher w = driver.client()
                .watches()
                .watch(
                        key,
                        WatchOption.builder()
                                .withRevision(fromRevision)
                                .withNoPut(true)
                                .build(),
                        new Watch.Listener() {
                            @Override
                            public void onNext(WatchResponse r) {
                                if (!r.getEvents().isEmpty()) {
                                    once.run();
                                }
                            }

                            @Override
                            public void onError(Throwable t) {
                                once.run();
                            }

                            @Override
                            public void onCompleted() {
                                once.run(); // the stream ended; also called by close(), after done is set
                            }
                        });
        return () -> {
            done.set(true);
            EtcdBackground.close(w, key.toString(java.nio.charset.StandardCharsets.UTF_8));
        };
    }

    /** Reports {@code lease} to {@code onLoss} when its key is deleted (released by no one: broken or expired). */
    void watchLoss(DriverLease lease, Consumer<DriverLease> onLoss) {
        EtcdLocks.Held h = (EtcdLocks.Held) lease.handle();
        synchronized (h) {
            if (h.lossWatch == null && !h.released) {
                h.lossWatch = new LossWatch(lease, onLoss);
                lossWatches.add(h.lossWatch);
                h.lossWatch.watchFrom(lease.fencingToken() + 1);
            }
        }
    }

    void stopLossWatch(EtcdLocks.Held h) {
        LossWatch w;
        synchronized (h) {
            h.released = true;
            w = h.lossWatch;
            h.lossWatch = null;
        }
        if (w != null) {
            w.stop();
        }
    }

    /** Stops every loss watch. */
    void stopLossWatches() {
        List.copyOf(lossWatches).forEach(w -> stopLossWatch((EtcdLocks.Held) w.lease.handle()));
    }

    /** One held key's watch; resumes after errors, and after a compaction asks once whether the key is still ours. */
    final class LossWatch implements Watch.Listener {
        private final DriverLease lease;
        private final Consumer<DriverLease> onLoss;
        private volatile Watch.Watcher watcher;
        private volatile boolean stopped;
        private volatile long seen;

        LossWatch(DriverLease lease, Consumer<DriverLease> onLoss) {
            this.lease = lease;
            this.onLoss = onLoss;
            this.seen = lease.fencingToken();
        }

        void watchFrom(long revision) {
            if (stopped) {
                return;
            }
            EtcdLocks.Held h = (EtcdLocks.Held) lease.handle();
            try {
                watcher = driver.client()
                        .watches()
                        .watch(
                                h.key,
                                WatchOption.builder().withRevision(revision).build(),
                                this);
            } catch (RuntimeException e) {
                later(() -> watchFrom(revision));
                return;
            }
            if (stopped) {
                stop();
            }
        }

        @Override
        public void onNext(WatchResponse r) {
            for (WatchEvent e : r.getEvents()) {
                seen = Math.max(seen, e.getKeyValue().getModRevision());
                if (e.getEventType() == WatchEvent.EventType.DELETE) {
                    lost();
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            if (stopped) {
                return;
            }
            close(watcher);
            if (t instanceof CompactedException) {
                later(this::checkStillOurs);
            } else {
                later(() -> watchFrom(seen + 1));
            }
        }

        private void checkStillOurs() {
            EtcdLocks.Held h = (EtcdLocks.Held) lease.handle();
            try {
                var r = driver.client().call("checking lock " + lease.id().name(), () -> driver.client()
                        .kv()
                        .get(h.key));
                List<io.etcd.jetcd.KeyValue> kvs = r.getKvs();
                if (kvs.isEmpty() || !kvs.get(0).getValue().equals(h.value)) {
                    lost();
                } else {
                    watchFrom(r.getHeader().getRevision() + 1);
                }
            } catch (RuntimeException e) {
                later(this::checkStillOurs);
            }
        }

        @Override
        public void onCompleted() {
            // after stop(), or after onError, which handles it
        }

        private void lost() {
            stop();
            onLoss.accept(lease);
        }

        void stop() {
            stopped = true;
            lossWatches.remove(this);
            close(watcher);
        }

        private void later(Runnable r) {
            if (!stopped) {
                EtcdBackground.later(driver, r, 200);
            }
        }

        private void close(Watch.Watcher w) {
            EtcdBackground.close(w, "lock " + lease.id().name());
        }
    }
}
