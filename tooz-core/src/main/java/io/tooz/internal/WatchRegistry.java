package io.tooz.internal;

import io.tooz.GroupEvent;
import io.tooz.GroupNotCreatedException;
import io.tooz.ToozException;
import io.tooz.WatchCallback;
import io.tooz.WatchCallbackNotFoundException;
import io.tooz.spi.DriverWatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Join and leave callbacks per group, each group's cached member set, and the diff that turns member-set snapshots
 * into events. The one safety re-read of every driver lives here: each watched group is read again every {@code
 * watch_interval} (expiries change nothing a backend pushes, and Python tooz publishes nothing), and soon after a
 * native watch says it changed; all reads of a coordinator run one at a time, in order. A group whose watch is {@link
 * DriverWatch#exact() exact} is kept by the driver's pushes alone: a read could predate a push still on its way.
 */
final class WatchRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(WatchRegistry.class);

    private final DefaultCoordinator coordinator;
    private final Map<String, Watched> groups = new ConcurrentHashMap<>();

    WatchRegistry(DefaultCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    private static final class Watched {
        final List<WatchCallback<GroupEvent.MemberJoined>> joins = new CopyOnWriteArrayList<>();
        final List<WatchCallback<GroupEvent.MemberLeft>> leaves = new CopyOnWriteArrayList<>();
        Set<String> members = new HashSet<>();
        DriverWatch.@Nullable WatchHandle handle;
        /** Whether the driver pushes every change of this group, so the core never reads it again. */
        boolean exact;
        /** Whether a re-read is queued and not started yet: many changes in a row cost one read. */
        final AtomicBoolean readQueued = new AtomicBoolean();

        boolean isEmpty() {
            return joins.isEmpty() && leaves.isEmpty();
        }
    }

    synchronized void addJoin(String group, WatchCallback<GroupEvent.MemberJoined> cb) {
        watched(group).joins.add(cb);
    }

    synchronized void addLeave(String group, WatchCallback<GroupEvent.MemberLeft> cb) {
        watched(group).leaves.add(cb);
    }

    synchronized void removeJoin(String group, WatchCallback<GroupEvent.MemberJoined> cb) {
        Watched w = groups.get(group);
        if (w == null || !w.joins.remove(cb)) {
            throw new WatchCallbackNotFoundException(group, cb);
        }
        dropIfEmpty(group, w);
    }

    synchronized void removeLeave(String group, WatchCallback<GroupEvent.MemberLeft> cb) {
        Watched w = groups.get(group);
        if (w == null || !w.leaves.remove(cb)) {
            throw new WatchCallbackNotFoundException(group, cb);
        }
        dropIfEmpty(group, w);
    }

    /**
     * Creates the group's entry with its first snapshot and, in AUTO mode, the driver's watch; a failure of either
     * (GroupNotCreated among them) propagates and registers nothing.
     */
    private Watched watched(String group) {
        Watched w = groups.get(group);
        if (w != null) {
            return w;
        }
        Set<String> initial = coordinator.getMembers(group).get(); // ordered after earlier operations
        w = new Watched();
        w.members = new HashSet<>(initial);
        groups.put(group, w);
        if (coordinator.observers().active()) {
            coordinator.observers().groupMembers(group, initial.size());
        }
        DriverWatch watch = coordinator.facets().watch();
        if (coordinator.isAuto() && watch != null) {
            w.exact = watch.exact();
            try {
                w.handle = watch.watchMembers(group, listener(group));
            } catch (RuntimeException e) {
                groups.remove(group);
                throw e;
            }
            readSoon(group); // what changed between the first read and the watch's start
        }
        return w;
    }

    private DriverWatch.MembershipListener listener(String group) {
        return new DriverWatch.MembershipListener() {
            @Override
            public void changed() {
                readSoon(group);
            }

            @Override
            public void onMembers(Set<String> members) {
                apply(group, members);
            }

            @Override
            public void onChanges(Set<String> joined, Set<String> left) {
                applyDelta(group, joined, left);
            }
        };
    }

    private void dropIfEmpty(String group, Watched w) {
        if (w.isEmpty()) {
            groups.remove(group);
            if (w.handle != null) {
                w.handle.close();
            }
        }
    }

    /** Diffs a snapshot against the cache and publishes the events. */
    private void apply(String group, Set<String> members) {
        List<GroupEvent> events = new ArrayList<>();
        synchronized (this) {
            Watched w = groups.get(group);
            if (w == null) {
                return;
            }
            for (String m : members) {
                if (!w.members.contains(m)) {
                    events.add(new GroupEvent.MemberJoined(group, m));
                }
            }
            for (String m : w.members) {
                if (!members.contains(m)) {
                    events.add(new GroupEvent.MemberLeft(group, m));
                }
            }
            w.members = new HashSet<>(members);
        }
        publish(group, events, members.size());
    }

    /** Applies an exact delta to the cache; O(size of the delta). */
    private void applyDelta(String group, Set<String> joined, Set<String> left) {
        List<GroupEvent> events = new ArrayList<>();
        int count;
        synchronized (this) {
            Watched w = groups.get(group);
            if (w == null) {
                return;
            }
            for (String m : joined) {
                if (w.members.add(m)) {
                    events.add(new GroupEvent.MemberJoined(group, m));
                }
            }
            for (String m : left) {
                if (w.members.remove(m)) {
                    events.add(new GroupEvent.MemberLeft(group, m));
                }
            }
            count = w.members.size();
        }
        publish(group, events, count);
    }

    /** Publishes a group's changes, and its new member count to the observers. */
    private void publish(String group, List<GroupEvent> events, int count) {
        if (events.isEmpty()) {
            return;
        }
        if (coordinator.observers().active()) {
            coordinator.observers().groupMembers(group, count);
        }
        events.forEach(coordinator.dispatcher()::publish);
    }

    /** Reads every watched group again now, on the calling thread ({@code runWatchers} in MANUAL mode). */
    void poll() {
        groups.keySet().forEach(this::read);
    }

    /** Queues a re-read of every watched group on the polling thread (every {@code watch_interval} in AUTO mode). */
    void pollSoon() {
        groups.keySet().forEach(this::readSoon);
    }

    /** Queues a re-read of the group, unless its watch is exact or a read is queued and not started yet. */
    private void readSoon(String group) {
        Watched w = groups.get(group);
        if (w != null && !w.exact && w.readQueued.compareAndSet(false, true)) {
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

    /** Reads the group's members, ordered after this coordinator's earlier operations, and applies them. */
    private void read(String group) {
        Set<String> members;
        try {
            members = coordinator.getMembers(group).get();
        } catch (GroupNotCreatedException gone) {
            members = Set.of();
        } catch (ToozException failure) {
            if (!coordinator.isStopping()) {
                LOG.warn("cannot refresh members of watched group {}: {}", group, failure.getMessage());
            }
            return;
        }
        apply(group, members);
    }

    List<WatchCallback<GroupEvent>> callbacksFor(GroupEvent event) {
        Watched w = groups.get(event.groupId());
        if (w == null) {
            return List.of();
        }
        List<WatchCallback<GroupEvent>> out = new ArrayList<>();
        if (event instanceof GroupEvent.MemberJoined) {
            w.joins.forEach(cb -> out.add(cast(cb)));
        } else if (event instanceof GroupEvent.MemberLeft) {
            w.leaves.forEach(cb -> out.add(cast(cb)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static WatchCallback<GroupEvent> cast(WatchCallback<? extends GroupEvent> cb) {
        return (WatchCallback<GroupEvent>) cb;
    }

    /** Closes native watches; callbacks stay registered so a restart re-arms them lazily. */
    synchronized void closeAll() {
        for (Watched w : groups.values()) {
            if (w.handle != null) {
                w.handle.close();
                w.handle = null;
            }
        }
        groups.clear();
    }
}
