package io.tooz.tck;

import io.tooz.tck.LockHistory.Event;
import io.tooz.tck.LockHistory.Interval;
import io.tooz.tck.LockHistory.Kind;
import io.tooz.tck.LockHistoryReport.Overlap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The text of {@link LockHistory} reports: times in ms since the history's first event. */
final class HistoryText {
    private static final List<Kind> FAULTS =
            Stream.of(Kind.values()).filter(Kind::isFault).toList();

    private HistoryText() {}

    private record Finding(long nanos, String text) {}

    static List<String> violations(LockHistoryReport r) {
        return findings(r).stream().map(Finding::text).toList();
    }

    static Optional<Long> firstViolationNanos(LockHistoryReport r) {
        return findings(r).stream().map(Finding::nanos).findFirst();
    }

    private static List<Finding> findings(LockHistoryReport r) {
        long o = r.originNanos();
        List<Finding> out = new ArrayList<>();
        for (Overlap v : r.overlaps()) {
            out.add(new Finding(
                    Math.max(v.lower().start(), v.higher().start()),
                    "overlap (rule a): " + interval(v.lower(), o) + " and " + interval(v.higher(), o)
                            + " were both believed held for " + length(v) + "; "
                            + v.lower().process()
                            + " was not frozen at " + ms(v.higher().start(), o) + " (nor thawed within the grace)"));
        }
        for (LockHistoryReport.Crowd v : r.crowds()) {
            out.add(new Finding(
                    v.grant().start(),
                    "too many holders (rule a): " + interval(v.grant(), o) + " was granted while "
                            + v.held().size() + " other shared grant(s) were believed held, at most " + v.limit()
                            + " in all may be: "
                            + v.held().stream().map(i -> interval(i, o)).collect(Collectors.joining(", "))));
        }
        for (LockHistoryReport.FencingViolation v : r.fencingViolations()) {
            out.add(new Finding(
                    v.write().nanos(),
                    "fencing (rule a): " + v.write().process() + " wrote with token "
                            + v.write().token() + " at "
                            + ms(v.write().nanos(), o) + " under " + interval(v.writer(), o) + " after "
                            + interval(v.higher(), o) + " was granted: a fenced store would accept it"));
        }
        for (LockHistoryReport.TokenRegression v : r.tokenOrderViolations()) {
            out.add(new Finding(
                    v.later().start(),
                    "token order (rule b): " + interval(v.later(), o) + " was granted after "
                            + interval(v.earlier(), o)));
        }
        for (LockHistoryReport.Takeover v : r.takeoversWithoutLost()) {
            out.add(new Finding(
                    v.next().start(),
                    "take-over before lost() (rule c): " + v.holder().process() + " was partitioned at "
                            + ms(v.partition().nanos(), o) + " holding " + interval(v.holder(), o) + ", and "
                            + interval(v.next(), o) + " was granted before that ended"));
        }
        for (LockHistoryReport.StrayWrite v : r.writesOutsideGrant()) {
            out.add(new Finding(
                    v.write().nanos(),
                    "write outside its grant (rule d): " + v.write().process() + " wrote with token "
                            + v.write().token() + " at " + ms(v.write().nanos(), o) + " under "
                            + v.grant()
                                    .map(g -> interval(g, o))
                                    .orElse("grant " + v.write().grantId() + ", which was never granted")));
        }
        for (LockHistoryReport.StaleWrite v : r.staleWrites()) {
            out.add(new Finding(
                    v.write().nanos(),
                    "stale write (rule e): " + v.write().process() + " wrote with token "
                            + v.write().token()
                            + " at " + ms(v.write().nanos(), o) + " under " + interval(v.writer(), o)
                            + ", after the store had taken token " + v.newer().token() + " at "
                            + ms(v.newer().nanos(), o) + " under " + interval(v.newerGrant(), o)
                            + ": a fenced store would reject it"));
        }
        out.sort(Comparator.comparingLong(Finding::nanos));
        return out;
    }

    static List<String> summary(LockHistoryReport r) {
        List<String> s = new ArrayList<>();
        s.add("grants: " + r.grants());
        if (r.sharedGrants() > 0) {
            s.add("shared grants: " + r.sharedGrants());
        }
        s.add("most held at once: " + r.mostHeldAtOnce());
        s.add("fenced writes: " + r.writes());
        s.add("faults: " + counts(r.faults()));
        s.add("faults on a holder: " + counts(r.faultsOnHolder()));
        s.add("overlaps (rule a): " + r.overlaps().size());
        String longest = r.pausedOverlaps().stream()
                .map(Overlap::length)
                .max(Comparator.naturalOrder())
                .map(d -> ", longest " + millis(d))
                .orElse("");
        s.add("overlaps during a pause, left to fencing (rule a): "
                + r.pausedOverlaps().size() + longest);
        s.add("too many shared holders (rule a): " + r.crowds().size());
        s.add("fencing violations (rule a): " + r.fencingViolations().size());
        s.add("token-order violations (rule b): " + r.tokenOrderViolations().size());
        s.add("take-overs before lost() (rule c): " + r.takeoversWithoutLost().size());
        s.add("writes outside their grant (rule d): " + r.writesOutsideGrant().size());
        s.add("stale writes (rule e): " + r.staleWrites().size());
        s.add("lost() to the next grant after a fault: "
                + r.worstLostMargin()
                        .map(w -> "worst " + millis(w) + ", median "
                                + millis(r.medianLostMargin().orElseThrow()) + " ("
                                + r.lostMargins().size() + " take-overs)")
                        .orElse("no take-over measured"));
        s.add("longest unavailability after a fault on a holder: " + millis(r.longestUnavailability()));
        s.add("longest belief in a lapsed lease after a thaw: " + millis(r.longestBeliefAfterThaw()));
        s.add("safe: " + r.safe());
        return s;
    }

    static String event(Event e, long origin) {
        StringBuilder b = new StringBuilder(ms(e.nanos(), origin)).append(' ').append(e.kind());
        if (!e.process().isEmpty()) {
            b.append(' ').append(e.process());
        }
        if (!e.grantId().isEmpty()) {
            b.append(" grant ").append(e.grantId());
        }
        if (e.kind() == Kind.GRANT || e.kind() == Kind.WRITE) {
            b.append(" token ").append(e.token());
        }
        if (e.shared()) {
            b.append(" (shared)");
        }
        if (!e.reason().isEmpty()) {
            b.append(' ').append(e.reason());
        }
        return b.toString();
    }

    static String writes(Event first, Event last, int count, long origin) {
        if (count == 1) {
            return event(first, origin);
        }
        return event(first, origin) + " (and " + (count - 1) + " more up to " + ms(last.nanos(), origin) + ")";
    }

    private static String interval(Interval i, long origin) {
        String until = i.isOpen() ? "the end (open)" : ms(i.end(), origin) + " (" + i.endedBy() + ")";
        return i.process() + (i.shared() ? "'s shared grant " : "'s grant ") + i.grantId() + " with token " + i.token()
                + " [" + ms(i.start(), origin) + " .. " + until + "]";
    }

    private static String length(Overlap v) {
        long to = Math.min(v.lower().end(), v.higher().end());
        return to == Long.MAX_VALUE ? "the rest of the history" : millis(v.length());
    }

    private static String counts(Map<Kind, Integer> counts) {
        return FAULTS.stream().map(k -> k + "=" + counts.getOrDefault(k, 0)).collect(Collectors.joining(" "));
    }

    private static String ms(long nanos, long origin) {
        return String.format(Locale.ROOT, "%.1f ms", (nanos - origin) / 1e6);
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
