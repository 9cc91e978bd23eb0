package io.tooz.schedule;

import io.tooz.InvalidNameException;
import io.tooz.internal.Names;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tasks sharing one period length, with the state of the period being served. Used on the scheduler thread. */
final class Track {
    private static final Logger LOG = LoggerFactory.getLogger(Track.class);
    final long lengthMillis;
    final String namespace;
    private final List<Map.Entry<String, TaskAction>> fixed = new ArrayList<>();
    private final List<PeriodicSchedulerBuilder.SourcedTasks> sources = new ArrayList<>();
    private final Set<String> reportedBad = new HashSet<>();
    private List<String> ids = List.of();
    private Function<String, TaskAction> actions = id -> null;
    private Map<String, Integer> assignedFor;
    private List<String> assignedIds;
    private volatile Map<String, String> assignment = Map.of(); // read by stats() and tasks() on other threads
    long period = Long.MIN_VALUE;
    long lastServed = Long.MIN_VALUE;
    final Set<String> attempted = new HashSet<>();

    Track(long lengthMillis, String namespace) {
        this.lengthMillis = lengthMillis;
        this.namespace = namespace;
    }

    void add(String id, TaskAction action) {
        fixed.add(Map.entry(id, action));
    }

    void add(PeriodicSchedulerBuilder.SourcedTasks source) {
        sources.add(source);
    }

    /** Reads the task sources (once per boundary); invalid ids are left out and reported once. */
    void refreshIds() {
        Set<String> out = new LinkedHashSet<>();
        Map<String, TaskAction> byId = new java.util.HashMap<>();
        for (Map.Entry<String, TaskAction> e : fixed) {
            out.add(e.getKey());
            byId.put(e.getKey(), e.getValue());
        }
        for (PeriodicSchedulerBuilder.SourcedTasks s : sources) {
            Collection<String> listed = s.source().taskIds();
            for (String id : listed == null ? List.<String>of() : listed) {
                if (valid(id) && out.add(id)) {
                    byId.put(id, s.action());
                }
            }
        }
        ids = List.copyOf(out);
        actions = byId::get;
    }

    private boolean valid(String id) {
        try {
            Names.checkSize("task id", id);
            return true;
        } catch (InvalidNameException e) {
            if (reportedBad.add(String.valueOf(id))) {
                LOG.error("task source listed an invalid task id, left out: {}", e.getMessage());
            }
            return false;
        }
    }

    TaskAction action(String id) {
        return actions.apply(id);
    }

    /** Task → owner for these members, recomputed only when members or ids changed. */
    Map<String, String> assignment(Map<String, Integer> members, int pointsPerWeight, double maxLoad) {
        if (!members.equals(assignedFor) || !ids.equals(assignedIds)) {
            assignment = members.isEmpty() ? Map.of() : new TaskRing(members, pointsPerWeight, maxLoad).assign(ids);
            assignedFor = Map.copyOf(members);
            assignedIds = ids;
        }
        return assignment;
    }

    Map<String, String> currentAssignment() {
        return assignment;
    }

    List<String> owned(String member, Map<String, String> assignment) {
        List<String> mine = new ArrayList<>();
        assignment.forEach((t, m) -> {
            if (m.equals(member)) {
                mine.add(t);
            }
        });
        return mine;
    }
}
