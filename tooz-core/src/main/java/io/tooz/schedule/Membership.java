package io.tooz.schedule;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A worker's view of its group: members and their weights, read at each boundary and change. */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private final Coordinator coordinator;
    private final String group;
    private final String member;
    private final int weight;
    private final WorkerCounters counters;
    private final Map<String, Integer> weights = new HashMap<>(); // scheduler thread only
    private volatile Map<String, Integer> view = Map.of();

    Membership(Coordinator coordinator, String group, int weight, WorkerCounters counters) {
        this.coordinator = coordinator;
        this.group = group;
        this.member = coordinator.memberId();
        this.weight = weight;
        this.counters = counters;
    }

    /** Joins (creating the group), advertising the weight; a join that finds this member there already is fine. */
    void join() {
        try {
            coordinator.joinGroupCreate(group, Capabilities.of(Map.of("weight", weight)));
        } catch (MemberAlreadyExistsException already) {
            // joined before (a re-join after an expiry raced with the driver's own)
        }
    }

    /**
     * Reads the members (one request, plus one per new member for its weight); re-joins if this member was dropped
     * (its session or TTL expired), leaving it out of this view.
     */
    Map<String, Integer> refresh() {
        Set<String> ids = coordinator.getMembers(group).get();
        counters.memberReads.incrementAndGet();
        weights.keySet().retainAll(ids);
        for (String m : ids) {
            if (!weights.containsKey(m)) {
                weights.put(m, weightOf(m));
            }
        }
        if (!ids.contains(member)) {
            LOG.warn(
                    "worker {} is no longer a member of {} (its session or TTL expired); joining again", member, group);
            join();
        }
        view = Collections.unmodifiableMap(new TreeMap<>(weights));
        return view;
    }

    Map<String, Integer> view() {
        return view;
    }

    private int weightOf(String m) {
        if (m.equals(member)) {
            return weight;
        }
        try {
            counters.memberReads.incrementAndGet();
            return coordinator
                    .getMemberCapabilities(group, m)
                    .get()
                    .getLong("weight")
                    .map(w -> (int) Math.max(1, Math.min(1_000, w)))
                    .orElse(1);
        } catch (MemberNotJoinedException gone) {
            return 1;
        }
    }
}
