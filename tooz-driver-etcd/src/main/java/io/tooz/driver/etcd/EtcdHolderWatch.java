package io.tooz.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.tooz.spi.LockId;

/**
 * A watch on one lock key for {@link EtcdLocks#watchHolder}: every put (a grant) and delete (a release, an expiry, a
 * break) calls back. It lasts until closed: after an error it calls back (a change may have been missed) and watches
 * again from the revision after the last one heard, or from now if that one was compacted.
 */
final class EtcdHolderWatch implements Watch.Listener, AutoCloseable {
    private final EtcdDriver driver;
    private final LockId id;
    private final ByteSequence key;
    private final Runnable changed;
    private volatile Watch.Watcher watcher;
    private volatile boolean closed;
    /** The revision up to which every event was heard; 0 if unknown. */
    private volatile long seen;

    EtcdHolderWatch(EtcdDriver driver, LockId id, Runnable changed) {
        this.driver = driver;
        this.id = id;
        this.key = EtcdKeys.lock(driver.settings().scheme(), id);
        this.changed = changed;
    }

    /**
     * Reads the current revision (one round trip), then watches from the next: a change after any read the caller
     * makes once this returns is heard, even if it comes before etcd has set the watch up. Throws if etcd cannot be
     * reached.
     */
    EtcdHolderWatch start() {
        EtcdClient c = driver.client();
        long now = c.call("reading " + what(), () -> c.kv().get(
                                key, GetOption.builder().withCountOnly(true).build()))
                .getHeader()
                .getRevision();
        seen = now;
        watchFrom(now + 1);
        return this;
    }

    private void watchFrom(long revision) {
        if (closed) {
            return;
        }
        WatchOption option =
                revision > 0 ? WatchOption.builder().withRevision(revision).build() : WatchOption.DEFAULT;
        try {
            watcher = driver.client().watches().watch(key, option, this);
        } catch (RuntimeException e) {
            EtcdBackground.later(driver, () -> watchFrom(revision), 200);
            return;
        }
        if (closed) {
            EtcdBackground.close(watcher, what());
        }
    }

    @Override
    public void onNext(WatchResponse r) {
        for (WatchEvent e : r.getEvents()) {
            seen = Math.max(seen, e.getKeyValue().getModRevision());
        }
        if (!r.getEvents().isEmpty() && !closed) {
            changed.run();
        }
    }

    @Override
    public void onError(Throwable t) {
        if (closed) {
            return;
        }
        EtcdBackground.close(watcher, what());
        changed.run();
        long from = t instanceof CompactedException || seen == 0 ? 0 : seen + 1;
        EtcdBackground.later(driver, () -> watchFrom(from), 200);
    }

    @Override
    public void onCompleted() {
        // after close(), or after onError, which handles it
    }

    @Override
    public void close() {
        closed = true;
        EtcdBackground.close(watcher, what());
    }

    private String what() {
        return "the holder of " + EtcdLocks.what(id);
    }
}
