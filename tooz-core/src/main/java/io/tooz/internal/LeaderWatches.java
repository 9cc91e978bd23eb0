package io.tooz.internal;

import io.tooz.GroupEvent;
import io.tooz.ToozException;
import io.tooz.WatchCallback;
import io.tooz.WatchCallbackNotFoundException;
import io.tooz.spi.LockId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code watchLeader} callbacks per group and the leader each group had at its last read. A group's leader is read
 * when the watch starts, every {@code watch_interval}, and, in {@link io.tooz.WatchMode#AUTO}, soon after the driver
 * pushes that its leadership lock changed hands ({@link io.tooz.spi.DriverLocks#watchHolder}); a pushed read that
 * finds no leader is repeated a few times within about 400 ms, since backends may push only the release and the next
 * leader follows within milliseconds. In {@link io.tooz.WatchMode#MANUAL} {@code runWatchers} reads. Every read that
 * finds another leader publishes a {@link GroupEvent.LeaderChanged}; a read that started before the last applied one
 * is dropped, and no callback hears the same leader twice in a row.
 */
final class LeaderWatches {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderWatches.class);
    private static final long[] QUICK_REREADS_MS = {10, 30, 90, 270};

    private final DefaultCoordinator coordinator;
    private final Map<String, Watched> groups = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();

    LeaderWatches(DefaultCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    private static final class Watched {
        final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        final AtomicBoolean readQueued = new AtomicBoolean();
        final AtomicBoolean pushed = new AtomicBoolean();
        /** The leader at the last applied read ({@code ""}: none), or null before the first. */
        @Nullable
        String leader;

        long appliedRead;
        int quickRereads = QUICK_REREADS_MS.length; // how many of the QUICK_REREADS are done

        @Nullable
        ScheduledFuture<?> quick;

        @Nullable
        AutoCloseable push;
    }

    /** A callback and the leader it heard last, so that it never hears the same leader twice in a row. */
    private static final class Subscriber implements WatchCallback<GroupEvent> {
        final WatchCallback<GroupEvent.LeaderChanged> callback;
        private volatile @Nullable String heard;

        Subscriber(WatchCallback<GroupEvent.LeaderChanged> callback) {
            this.callback = callback;
        }

        @Override
        public void onEvent(GroupEvent event) {
            if (event instanceof GroupEvent.LeaderChanged changed
                    && !event.memberId().equals(heard)) {
                heard = event.memberId();
                callback.onEvent(changed);
            }
        }

        @Override
        public String toString() {
            return callback.toString();
        }
    }

    /**
     * Registers the callback, which first hears the leader as read now (ordered after this coordinator's earlier
     * operations); a missing group fails with {@link io.tooz.GroupNotCreatedException} and registers nothing.
     */
    void add(String group, WatchCallback<GroupEvent.LeaderChanged> callback) {
        long read = reads.incrementAndGet();
        Optional<String> leader = coordinator.getLeader(group).get();
        boolean first;
        synchronized (this) {
            Watched existing = groups.get(group);
            first = existing == null;
            Watched w = existing != null ? existing : new Watched();
            if (first) {
                groups.put(group, w);
            }
            w.subscribers.add(new Subscriber(callback));
            if (!apply(group, w, read, leader.orElse("")) && w.leader != null) {
                publish(group, w.leader); // the others heard it already: only the new callback will
            }
        }
        if (first && coordinator.isAuto()) {
            startPush(group);
            readSoon(group); // what changed between the first read and the push's start
        }
    }

    private void startPush(String group) {
        AutoCloseable push = null;
        try {
            push = coordinator.locksFacet().watchHolder(LockId.leader(group), () -> pushed(group));
        } catch (ToozException e) {
            LOG.warn("cannot watch the leader of {}; reading it every watch_interval: {}", group, e.getMessage());
        }
        if (push == null) {
            return;
        }
        synchronized (this) {
            Watched w = groups.get(group);
            if (w != null && w.push == null) {
                w.push = push;
                return;
            }
        }
        closeQuietly(push); // unwatched meanwhile
    }

    synchronized void remove(String group, WatchCallback<GroupEvent.LeaderChanged> callback) {
        Watched w = groups.get(group);
        Subscriber s = w == null
                ? null
                : w.subscribers.stream()
                        .filter(x -> x.callback.equals(callback))
                        .findFirst()
                        .orElse(null);
        if (w == null || s == null) {
            throw new WatchCallbackNotFoundException(group, callback);
        }
        w.subscribers.remove(s);
        if (w.subscribers.isEmpty()) {
            groups.remove(group);
            stop(w);
        }
    }

    private static void stop(Watched w) {
        if (w.quick != null) {
            w.quick.cancel(false);
        }
        if (w.push != null) {
            closeQuietly(w.push);
            w.push = null;
        }
    }

    /** On stop: every watch ends (callbacks are dropped, as join and leave watches are). */
    synchronized void closeAll() {
        groups.values().forEach(LeaderWatches::stop);
        groups.clear();
    }

    private void pushed(String group) {
        Watched w = groups.get(group);
        if (w != null) {
            w.pushed.set(true);
            readSoon(group);
        }
    }

    /** MANUAL mode's {@code runWatchers}: reads every watched group now, on the calling thread. */
    void poll() {
        groups.keySet().forEach(this::read);
    }

    /** AUTO mode, every {@code watch_interval}: queues a read of every watched group. */
    void pollSoon() {
        groups.keySet().forEach(this::readSoon);
    }

    /** Queues a read on the polling thread, unless one is queued and not started yet. */
    private void readSoon(String group) {
        Watched w = groups.get(group);
        if (w != null && w.readQueued.compareAndSet(false, true)) {
            try {
                coordinator.started().pollSoon(() -> {
                    w.readQueued.set(false);
                    read(group);
                });
            } catch (ToozException stopped) {
                w.readQueued.set(false);
            }
        }
    }

    private void read(String group) {
        Watched w = groups.get(group);
        if (w == null) {
            return;
        }
        boolean pushed = w.pushed.getAndSet(false);
        long read = reads.incrementAndGet();
        String leader;
        try {
            leader = coordinator.locksFacet().holder(LockId.leader(group)).orElse("");
        } catch (ToozException e) {
            if (!coordinator.isStopping()) {
                LOG.warn("cannot read the leader of watched group {}: {}", group, e.getMessage());
            }
            return;
        }
        synchronized (this) {
            if (groups.get(group) != w) {
                return; // unwatched meanwhile
            }
            apply(group, w, read, leader);
            rereadIfNone(group, w, pushed);
        }
    }

    /**
     * Applies a read unless a later one was applied first; publishes a change. With this locked.
     *
     * @return whether it published
     */
    private boolean apply(String group, Watched w, long read, String leader) {
        if (read < w.appliedRead) {
            return false;
        }
        w.appliedRead = read;
        if (leader.equals(w.leader)) {
            return false;
        }
        w.leader = leader;
        publish(group, leader);
        return true;
    }

    /** After a pushed read found no leader, reads again soon, a few times, until one shows up. With this locked. */
    private void rereadIfNone(String group, Watched w, boolean pushed) {
        if (!"".equals(w.leader)) {
            w.quickRereads = QUICK_REREADS_MS.length;
            return;
        }
        if (pushed) {
            w.quickRereads = 0;
        }
        if (w.quickRereads < QUICK_REREADS_MS.length && w.quick == null) {
            w.quick = Timer.after(QUICK_REREADS_MS[w.quickRereads++], () -> quickReread(group, w));
        }
    }

    private void quickReread(String group, Watched w) {
        synchronized (this) {
            w.quick = null; // before the read, which may want the next one while this timer task still runs
        }
        readSoon(group);
    }

    private void publish(String group, String leader) {
        try {
            coordinator
                    .dispatcher()
                    .publish(new GroupEvent.LeaderChanged(
                            group, leader.isEmpty() ? Optional.empty() : Optional.of(leader)));
        } catch (ToozException stopped) {
            LOG.debug("not publishing the leader of {}: {}", group, stopped.getMessage());
        }
    }

    List<WatchCallback<GroupEvent>> callbacksFor(GroupEvent event) {
        Watched w = groups.get(event.groupId());
        return w == null ? List.of() : new ArrayList<>(w.subscribers);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing a leader watch failed: {}", e.getMessage());
        }
    }
}
