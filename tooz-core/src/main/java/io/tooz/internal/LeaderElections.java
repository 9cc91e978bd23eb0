package io.tooz.internal;

import io.tooz.GroupEvent;
import io.tooz.WatchCallback;
import io.tooz.WatchCallbackNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Leader election on the driver's locks: a candidate per group contends for the group's leader lock on its own
 * thread; holding the lock is leading. Losing the lease (expiry, session loss, stand-down) fires {@link
 * GroupEvent.LeadershipLost} and the candidate contends again.
 */
final class LeaderElections {
    private final DefaultCoordinator coordinator;
    private final Map<String, List<WatchCallback<GroupEvent.LeaderElected>>> elected = new ConcurrentHashMap<>();
    private final Map<String, List<WatchCallback<GroupEvent.LeadershipLost>>> lost = new ConcurrentHashMap<>();
    private final Map<String, Candidate> candidates = new ConcurrentHashMap<>();

    LeaderElections(DefaultCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    synchronized void addElected(String group, WatchCallback<GroupEvent.LeaderElected> cb) {
        elected.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(cb);
        if (coordinator.isStarted()) {
            ensureCandidate(group);
        }
    }

    synchronized void removeElected(String group, WatchCallback<GroupEvent.LeaderElected> cb) {
        List<WatchCallback<GroupEvent.LeaderElected>> cbs = elected.get(group);
        if (cbs == null || !cbs.remove(cb)) {
            throw new WatchCallbackNotFoundException(group, cb);
        }
        if (cbs.isEmpty()) {
            elected.remove(group);
            Candidate c = candidates.remove(group);
            if (c != null) {
                c.withdraw();
            }
        }
    }

    void addLost(String group, WatchCallback<GroupEvent.LeadershipLost> cb) {
        lost.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(cb);
    }

    void removeLost(String group, WatchCallback<GroupEvent.LeadershipLost> cb) {
        List<WatchCallback<GroupEvent.LeadershipLost>> cbs = lost.get(group);
        if (cbs == null || !cbs.remove(cb)) {
            throw new WatchCallbackNotFoundException(group, cb);
        }
    }

    private void ensureCandidate(String group) {
        candidates.computeIfAbsent(group, g -> {
            Candidate c = new Candidate(coordinator, g, this);
            c.start();
            return c;
        });
    }

    /** On start: every group with elected callbacks gets a candidate. */
    synchronized void startAll() {
        elected.keySet().forEach(this::ensureCandidate);
    }

    /** On stop: withdraw every candidate (their leases are released by the held leases). */
    synchronized void stopAll() {
        candidates.values().forEach(Candidate::withdraw);
        candidates.clear();
    }

    /** After a lost session: waiting candidates queue again. */
    void kickWaiting() {
        candidates.values().forEach(Candidate::kick);
    }

    java.util.OptionalLong term(String group) {
        Candidate c = candidates.get(group);
        return c == null ? java.util.OptionalLong.empty() : c.term();
    }

    boolean standDown(String group) {
        Candidate c = candidates.get(group);
        return c != null && c.standDown();
    }

    void onElected(String group) {
        if (coordinator.observers().active()) {
            coordinator.observers().leadership(group, true);
        }
        coordinator.dispatcher().publish(new GroupEvent.LeaderElected(group, coordinator.memberId()));
    }

    void onLost(String group) {
        if (coordinator.observers().active()) {
            coordinator.observers().leadership(group, false);
        }
        coordinator.dispatcher().publish(new GroupEvent.LeadershipLost(group, coordinator.memberId()));
    }

    List<WatchCallback<GroupEvent>> callbacksFor(GroupEvent event) {
        List<? extends WatchCallback<? extends GroupEvent>> cbs;
        if (event instanceof GroupEvent.LeaderElected) {
            cbs = elected.getOrDefault(event.groupId(), List.of());
        } else if (event instanceof GroupEvent.LeadershipLost) {
            cbs = lost.getOrDefault(event.groupId(), List.of());
        } else {
            return List.of();
        }
        List<WatchCallback<GroupEvent>> out = new ArrayList<>();
        for (WatchCallback<? extends GroupEvent> cb : cbs) {
            @SuppressWarnings("unchecked")
            WatchCallback<GroupEvent> c = (WatchCallback<GroupEvent>) cb;
            out.add(c);
        }
        return out;
    }
}
