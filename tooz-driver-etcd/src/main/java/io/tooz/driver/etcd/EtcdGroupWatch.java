package io.tooz.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.tooz.GroupNotCreatedException;
import io.tooz.spi.DriverWatch;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A native watch on a group's keys. It reads the group once (a snapshot), then watches from the next revision and
 * reports each join and leave as it happened (exact deltas, in order); after a broken stream it watches again from the
 * revision after the last event it applied, so no change is lost or applied twice (jetcd's own resume may restart
 * later than that). If etcd compacted that revision away, it reads the group afresh. State changes and reports happen
 * under one lock that is never held while waiting for etcd (jetcd delivers events and answers on the same event-loop
 * threads).
 */
final class EtcdGroupWatch implements DriverWatch.WatchHandle, Watch.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdGroupWatch.class);
    private static final long MAX_RETRY_MS = 2_000;

    private final EtcdDriver driver;
    private final String groupId;
    private final ByteSequence groupKey;
    private final DriverWatch.MembershipListener listener;
    private final Object state = new Object();
    private final Set<String> members = new HashSet<>();
    private boolean exists;
    private boolean reported;
    private long revision;
    private long retryMs = 100;
    private volatile Watch.Watcher watcher;
    private volatile boolean closed;

    EtcdGroupWatch(EtcdDriver driver, String groupId, DriverWatch.MembershipListener listener) {
        this.driver = driver;
        this.groupId = groupId;
        this.groupKey = EtcdKeys.group(groupId);
        this.listener = listener;
    }

    void start() {
        driver.context().scheduler().execute(this::readAndWatch);
    }

    /** Reads the whole group, reports it, and watches from the revision after the read. */
    private void readAndWatch() {
        if (closed) {
            return;
        }
        EtcdClient client = driver.client();
        GetResponse r;
        try {
            r = client.call("reading watched group " + groupId, () -> client.kv()
                    .get(
                            groupKey,
                            GetOption.builder()
                                    .isPrefix(true)
                                    .withKeysOnly(true)
                                    .build()));
        } catch (RuntimeException e) {
            LOG.debug("reading watched group {} failed, retrying: {}", groupId, e.toString());
            retryLater(this::readAndWatch);
            return;
        }
        long from;
        synchronized (state) {
            boolean existed = exists;
            members.clear();
            try {
                members.addAll(EtcdGroups.members(groupId, groupKey, r).keySet());
                exists = true;
            } catch (GroupNotCreatedException e) {
                exists = false;
            }
            revision = r.getHeader().getRevision();
            from = revision + 1;
            if (!reported || exists || existed) {
                report();
            }
        }
        watchFrom(from);
    }

    private void watchFrom(long from) {
        if (closed) {
            return;
        }
        WatchOption option = WatchOption.builder()
                .isPrefix(true)
                .withRevision(from)
                .withRequireLeader(true)
                .build();
        try {
            watcher = driver.client().watches().watch(groupKey, option, this);
        } catch (RuntimeException e) {
            retryLater(() -> watchFrom(from));
            return;
        }
        if (closed) {
            stopWatcher();
        }
    }

    /** Applies each event in revision order and reports it as it is: a join and a leave while away are both seen. */
    @Override
    public void onNext(WatchResponse response) {
        synchronized (state) {
            if (closed) {
                return;
            }
            retryMs = 100;
            for (WatchEvent e : response.getEvents()) {
                long rev = e.getKeyValue().getModRevision();
                if (rev <= revision) {
                    continue; // applied before the stream was resumed
                }
                revision = rev;
                String m = EtcdKeys.memberOf(groupKey, e.getKeyValue().getKey());
                boolean put = e.getEventType() == WatchEvent.EventType.PUT;
                if (m == null) {
                    if (exists != put) { // the group was deleted, or created again
                        exists = put;
                        members.clear();
                        report();
                    }
                } else if (put ? members.add(m) : members.remove(m)) {
                    listener.onChanges(put ? Set.of(m) : Set.of(), put ? Set.of() : Set.of(m));
                }
            }
        }
    }

    private void report() {
        reported = true;
        listener.onMembers(exists ? Set.copyOf(members) : Set.of());
    }

    /** Called by jetcd under its own lock: closes the broken stream (so jetcd does not resume it) and moves on. */
    @Override
    public void onError(Throwable t) {
        if (closed) {
            return;
        }
        stopWatcher();
        if (t instanceof CompactedException) {
            LOG.info("watch of group {} fell behind a compaction of etcd; reading the group afresh", groupId);
            retryLater(this::readAndWatch);
        } else {
            LOG.debug("watch of group {} broke, resuming after the last event seen: {}", groupId, t.toString());
            retryLater(() -> {
                long from;
                synchronized (state) {
                    from = revision + 1;
                }
                watchFrom(from);
            });
        }
    }

    @Override
    public void onCompleted() {
        // after close(), or after onError, which handles it
    }

    private void retryLater(Runnable r) {
        long delay;
        synchronized (state) {
            delay = retryMs;
            retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
        }
        EtcdBackground.later(driver, r, delay);
    }

    private void stopWatcher() {
        Watch.Watcher w = watcher;
        watcher = null;
        EtcdBackground.close(w, "group " + groupId);
    }

    @Override
    public void close() {
        closed = true;
        stopWatcher();
    }
}
