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
import org.jspecify.annotations.Nullable;
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
    private @Nullable Map<String, Integer> assignedFor;
    private @Nullable List<String> assignedIds;
    private volatile Map<String, String> assignment = Map.of(); // read by stats() and tasks() on other threads
    long period = Long.MIN_VALUE;
    long lastServed = Long.MIN_VALUE;
    final Set<String> attempted = new HashSet<>();
    /** Failures of its task sources, logged without flooding. */
    final FailureLog sourceLog;
    /** Unexpected failures of its boundaries, logged without flooding. */
    final FailureLog boundaryLog;
    /** Boundary attempts that failed in a row (a source or an unexpected error), for the back-off. */
    int failuresInARow;

    /** A track whose log lines speak of {@code label}, e.g. "the 2 s tasks of group g (worker m)". */
    Track(long lengthMillis, String namespace, String label) {
        this.lengthMillis = lengthMillis;
        this.namespace = namespace;
        this.sourceLog = new FailureLog(LOG, "reading the task source of " + label, System::nanoTime);
        this.boundaryLog = new FailureLog(LOG, "serving the period boundary of " + label, System::nanoTime);
    }

    /** What a task source threw, so the boundary can tell it from its own failures. */
    static final class SourceFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SourceFailure(RuntimeException cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /**
     * How long to wait before serving the boundary again after {@link #failuresInARow} failures: a quarter period
     * (50 ms to 1 s), doubling with each failure up to the period, at most 30 s.
     */
    long retryMillis() {
        return backoffMillis(lengthMillis, failuresInARow);
    }

    static long backoffMillis(long lengthMillis, int failures) {
        long first = Math.min(1_000, Math.max(50, lengthMillis / 4));
        long cap = Math.max(first, Math.min(lengthMillis, 30_000));
        return Math.min(cap, first << Math.min(Math.max(failures, 1) - 1, 20));
    }

    void add(String id, TaskAction action) {
        fixed.add(Map.entry(id, action));
    }

    void add(PeriodicSchedulerBuilder.SourcedTasks source) {
        sources.add(source);
    }

    /**
     * Reads the task sources (once per boundary); invalid ids are left out and reported once.
     *
     * @throws SourceFailure if a source threw
     */
    void refreshIds() {
        Set<String> out = new LinkedHashSet<>();
        Map<String, TaskAction> byId = new java.util.HashMap<>();
        for (Map.Entry<String, TaskAction> e : fixed) {
            out.add(e.getKey());
            byId.put(e.getKey(), e.getValue());
        }
        for (PeriodicSchedulerBuilder.SourcedTasks s : sources) {
            Collection<String> listed;
            try {
                listed = s.source().taskIds();
            } catch (RuntimeException e) {
                throw new SourceFailure(e);
            }
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
