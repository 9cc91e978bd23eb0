package io.tooz.tck;

import io.tooz.tck.LockHistory.Event;
import io.tooz.tck.LockHistory.Interval;
import io.tooz.tck.LockHistory.Kind;
import io.tooz.tck.LockHistoryReport.Crowd;
import io.tooz.tck.LockHistoryReport.FencingViolation;
import io.tooz.tck.LockHistoryReport.Overlap;
import io.tooz.tck.LockHistoryReport.StaleWrite;
import io.tooz.tck.LockHistoryReport.StrayWrite;
import io.tooz.tck.LockHistoryReport.Takeover;
import io.tooz.tck.LockHistoryReport.TokenRegression;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rules of {@link LockHistory} applied to a snapshot of its events, sorted by time. */
final class LockHistoryChecker {
    private final List<Event> events;
    private final long origin;
    private final long end;
    private final List<Interval> intervals = new ArrayList<>();
    private final Map<String, Interval> byGrant = new HashMap<>();
    private final Map<String, List<Event>> writesByGrant = new HashMap<>();
    /** Per process: {stop, thaw (CONT or KILL; MAX if neither), end of the freeze with the grace, 1 if a CONT}. */
    private final Map<String, List<long[]>> frozen = new HashMap<>();

    private final long thawGrace;
    private final int sharedLimit;

    LockHistoryChecker(List<Event> sorted, long thawGraceNanos, int sharedLimit) {
        this.events = sorted;
        this.thawGrace = thawGraceNanos;
        this.sharedLimit = sharedLimit;
        this.origin = sorted.isEmpty() ? 0 : sorted.get(0).nanos();
        this.end = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1).nanos();
        for (int i = 0; i < sorted.size(); i++) {
            Event e = sorted.get(i);
            switch (e.kind()) {
                case GRANT -> addInterval(i);
                case STOP, KILL_SENT -> addFreeze(i);
                case WRITE -> writesByGrant
                        .computeIfAbsent(LockHistory.key(e.process(), e.grantId()), k -> new ArrayList<>())
                        .add(e);
                default -> {
                    // read through the grants and freezes
                }
            }
        }
        intervals.sort(Comparator.comparingLong(Interval::start));
    }

    private void addInterval(int at) {
        Event g = events.get(at);
        String key = LockHistory.key(g.process(), g.grantId());
        if (byGrant.containsKey(key)) {
            return; // a repeated grant id: the first one counts
        }
        long until = Long.MAX_VALUE;
        Kind endedBy = null;
        for (int i = at + 1; i < events.size(); i++) {
            Event e = events.get(i);
            boolean ownEnd = (e.kind() == Kind.LOST || e.kind() == Kind.RELEASE)
                    && e.process().equals(g.process())
                    && e.grantId().equals(g.grantId());
            boolean killed = e.kind() == Kind.KILL && e.process().equals(g.process());
            if (ownEnd || killed) {
                until = e.nanos();
                endedBy = e.kind();
                break;
            }
        }
        Interval iv = new Interval(g.process(), g.grantId(), g.token(), g.nanos(), until, endedBy, g.shared());
        intervals.add(iv);
        byGrant.put(key, iv);
    }

    private void addFreeze(int at) {
        Event s = events.get(at);
        long thaw = Long.MAX_VALUE;
        long until = Long.MAX_VALUE;
        long cont = 0;
        for (int i = at + 1; i < events.size(); i++) {
            Event e = events.get(i);
            if ((e.kind() == Kind.CONT || e.kind() == Kind.KILL) && e.process().equals(s.process())) {
                thaw = e.nanos();
                cont = e.kind() == Kind.CONT ? 1 : 0;
                until = thaw + cont * thawGrace;
                break;
            }
        }
        frozen.computeIfAbsent(s.process(), p -> new ArrayList<>()).add(new long[] {s.nanos(), thaw, until, cont});
    }

    private boolean frozenAt(String process, long nanos) {
        for (long[] w : frozen.getOrDefault(process, List.of())) {
            if (w[0] <= nanos && nanos < w[2]) {
                return true;
            }
        }
        return false;
    }

    LockHistoryReport check() {
        List<Overlap> overlaps = new ArrayList<>();
        List<Overlap> paused = new ArrayList<>();
        List<FencingViolation> fencing = new ArrayList<>();
        checkOverlaps(overlaps, paused, fencing);
        List<Crowd> crowds = crowds();
        List<Duration> margins = new ArrayList<>();
        Map<Kind, Integer> faults = new EnumMap<>(Kind.class);
        Map<Kind, Integer> onHolder = new EnumMap<>(Kind.class);
        long longest = measureFaults(margins, faults, onHolder);
        int writes = writesByGrant.values().stream().mapToInt(List::size).sum();
        int shared = (int) intervals.stream().filter(Interval::shared).count();
        return new LockHistoryReport(
                origin,
                intervals.size(),
                shared,
                writes,
                mostHeldAtOnce(),
                overlaps,
                paused,
                crowds,
                fencing,
                tokenRegressions(),
                takeovers(),
                strayWrites(),
                staleWrites(),
                margins,
                Duration.ofNanos(longest),
                Duration.ofNanos(longestBeliefAfterThaw()),
                faults,
                onHolder);
    }

    /** The longest time a grant held at a STOP was still believed held after the CONT that ended the freeze. */
    private long longestBeliefAfterThaw() {
        long longest = 0;
        for (Interval iv : intervals) {
            for (long[] w : frozen.getOrDefault(iv.process(), List.of())) {
                if (w[3] == 1 && iv.heldAt(w[0]) && iv.end() > w[1]) {
                    longest = Math.max(longest, Math.min(iv.end(), end) - w[1]);
                }
            }
        }
        return longest;
    }

    /** Rule a for pairs with an exclusive grant, with the fencing check of its exception. */
    private void checkOverlaps(List<Overlap> overlaps, List<Overlap> paused, List<FencingViolation> fencing) {
        for (int i = 0; i < intervals.size(); i++) {
            for (int j = i + 1; j < intervals.size(); j++) {
                Interval a = intervals.get(i);
                Interval b = intervals.get(j);
                if (b.start() >= a.end()) {
                    break; // sorted by start: no later one overlaps a either
                }
                if (!a.overlaps(b) || (a.shared() && b.shared())) {
                    continue; // shared grants are counted by crowds()
                }
                Interval lower = b.token() < a.token() ? b : a;
                Interval higher = lower == a ? b : a;
                boolean pause = lower.token() < higher.token() && frozenAt(lower.process(), higher.start());
                if (!pause) {
                    overlaps.add(new Overlap(lower, higher, false));
                    continue;
                }
                paused.add(new Overlap(lower, higher, true));
                for (Event w :
                        writesByGrant.getOrDefault(LockHistory.key(lower.process(), lower.grantId()), List.of())) {
                    if (w.nanos() >= higher.start() && w.token() >= higher.token()) {
                        fencing.add(new FencingViolation(w, lower, higher));
                    }
                }
            }
        }
    }

    /**
     * Rule a for shared grants: at each shared grant's start, the shared intervals held (those of frozen processes
     * with lower tokens aside) must not exceed the limit with it. Intervals starting at the same moment count in
     * start order, so each excess is reported once, at the grant that made it.
     */
    private List<Crowd> crowds() {
        List<Crowd> out = new ArrayList<>();
        if (sharedLimit == Integer.MAX_VALUE) {
            return out;
        }
        for (int j = 0; j < intervals.size(); j++) {
            Interval g = intervals.get(j);
            if (!g.shared()) {
                continue;
            }
            List<Interval> held = new ArrayList<>();
            for (int i = 0; i < j; i++) {
                Interval a = intervals.get(i);
                boolean excused = a.token() < g.token() && frozenAt(a.process(), g.start());
                if (a.shared() && a.end() > g.start() && !excused) {
                    held.add(a);
                }
            }
            if (held.size() + 1 > sharedLimit) {
                out.add(new Crowd(g, held, sharedLimit));
            }
        }
        return out;
    }

    /** The most intervals believed held at one moment (taken at each start), whatever their kinds. */
    private int mostHeldAtOnce() {
        int most = 0;
        for (Interval g : intervals) {
            int n = 0;
            for (Interval a : intervals) {
                if (a.start() <= g.start() && g.start() < a.end()) {
                    n++;
                }
            }
            most = Math.max(most, n);
        }
        return most;
    }

    /** Rule b: each grant against every earlier one, reporting a grant at most once. */
    private List<TokenRegression> tokenRegressions() {
        List<TokenRegression> out = new ArrayList<>();
        for (int j = 1; j < intervals.size(); j++) {
            Interval later = intervals.get(j);
            for (int i = 0; i < j; i++) {
                Interval earlier = intervals.get(i);
                boolean bothShared = earlier.shared() && later.shared();
                if (bothShared ? later.token() != earlier.token() : later.token() > earlier.token()) {
                    continue;
                }
                boolean excused = later.token() < earlier.token() && frozenAt(later.process(), earlier.start());
                if (!excused) {
                    out.add(new TokenRegression(earlier, later));
                    break;
                }
            }
        }
        return out;
    }

    private List<Event> eventsOf(Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** Rule c. */
    private List<Takeover> takeovers() {
        List<Takeover> out = new ArrayList<>();
        for (Event p : eventsOf(Kind.PARTITION)) {
            for (Interval holder : heldAt(p)) {
                nextConflictingGrant(p.nanos(), holder).ifPresent(next -> {
                    if (holder.end() > next.start()) {
                        out.add(new Takeover(p, holder, next));
                    }
                });
            }
        }
        return out;
    }

    /** The first grant at or after {@code nanos} to another process than {@code holder}'s that conflicts with it. */
    private Optional<Interval> nextConflictingGrant(long nanos, Interval holder) {
        for (Interval iv : intervals) {
            boolean conflicts = !holder.shared() || !iv.shared() || sharedLimit == 1;
            if (iv.start() >= nanos && !iv.process().equals(holder.process()) && conflicts) {
                return Optional.of(iv);
            }
        }
        return Optional.empty();
    }

    /** Rule d. */
    private List<StrayWrite> strayWrites() {
        List<StrayWrite> out = new ArrayList<>();
        for (Event w : eventsOf(Kind.WRITE)) {
            Interval iv = byGrant.get(LockHistory.key(w.process(), w.grantId()));
            if (iv == null || w.nanos() < iv.start() || w.nanos() > iv.end()) {
                out.add(new StrayWrite(w, Optional.ofNullable(iv)));
            }
        }
        return out;
    }

    /** Rule e: the writes of exclusive grants in time order, as a store that keeps the highest token sees them. */
    private List<StaleWrite> staleWrites() {
        List<StaleWrite> out = new ArrayList<>();
        Event highest = null;
        for (Event w : eventsOf(Kind.WRITE)) {
            Interval writer = byGrant.get(LockHistory.key(w.process(), w.grantId()));
            if (writer == null || writer.shared()) {
                continue; // a write under no grant is rule d's
            }
            if (highest == null || w.token() >= highest.token()) {
                highest = w;
                continue;
            }
            Interval newer = byGrant.get(LockHistory.key(highest.process(), highest.grantId()));
            if (!frozenAt(w.process(), newer.start())) {
                out.add(new StaleWrite(w, writer, highest, newer));
            }
        }
        return out;
    }

    /** Counts faults, collects lost-to-grant margins, and returns the longest unavailability in nanoseconds. */
    private long measureFaults(List<Duration> margins, Map<Kind, Integer> faults, Map<Kind, Integer> onHolder) {
        long longest = 0;
        for (Event f : events) {
            if (!f.kind().isFault()) {
                continue;
            }
            faults.merge(f.kind(), 1, Integer::sum);
            List<Interval> held = heldAt(f);
            if (held.isEmpty()) {
                continue;
            }
            onHolder.merge(f.kind(), 1, Integer::sum);
            long next = nextGrant(f.nanos(), null).map(Interval::start).orElse(end);
            longest = Math.max(longest, next - f.nanos());
            for (Interval h : held) {
                nextConflictingGrant(f.nanos(), h)
                        .ifPresent(
                                n -> { // a grant beside a shared one is no take-over
                                    if (h.endedBy() == Kind.LOST && !frozenAt(h.process(), n.start())) {
                                        margins.add(Duration.ofNanos(n.start() - h.end()));
                                    }
                                });
            }
        }
        return longest;
    }

    /** The intervals a fault hit: its process's (any process's for a server fault) believed held at the fault. */
    private List<Interval> heldAt(Event fault) {
        List<Interval> out = new ArrayList<>();
        for (Interval iv : intervals) {
            boolean target = fault.kind().isServerFault() || iv.process().equals(fault.process());
            if (target && iv.heldAt(fault.nanos())) {
                out.add(iv);
            }
        }
        return out;
    }

    /** The first grant at or after {@code nanos}, to a process other than {@code except} (null: to anyone). */
    private Optional<Interval> nextGrant(long nanos, String except) {
        for (Interval iv : intervals) {
            if (iv.start() >= nanos && (except == null || !iv.process().equals(except))) {
                return Optional.of(iv);
            }
        }
        return Optional.empty();
    }
}
