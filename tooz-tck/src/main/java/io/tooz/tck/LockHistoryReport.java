package io.tooz.tck;

import io.tooz.tck.LockHistory.Event;
import io.tooz.tck.LockHistory.Interval;
import io.tooz.tck.LockHistory.Kind;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link LockHistory#check()} found.
 *
 * @param originNanos the first event's time: the report prints times relative to it
 * @param grants how many grants were recorded
 * @param sharedGrants how many of them were shared (reads, permits)
 * @param writes how many writes were recorded
 * @param mostHeldAtOnce the most grants believed held at one moment, of any kind
 * @param overlaps overlapping intervals, one of them exclusive, not excused by a pause (rule a)
 * @param pausedOverlaps overlaps excused by a pause of the lower grant's process (rule a's exception)
 * @param crowds shared grants that made more holders than the shared limit (rule a)
 * @param fencingViolations writes in paused overlaps that a fenced store would not reject (rule a)
 * @param tokenOrderViolations grants out of token order (rule b)
 * @param takeoversWithoutLost take-overs after a partition of the holder before it stopped believing (rule c)
 * @param writesOutsideGrant writes outside their grant's interval (rule d)
 * @param staleWrites writes of exclusive grants a fenced store would reject, not excused by a pause (rule e)
 * @param lostMargins after each fault on a holder whose interval ended by LOST while it ran: the time from that
 *     LOST to the next conflicting grant to another process (as in rule c), ascending (negative if the grant came
 *     first)
 * @param longestUnavailability the longest time from a fault on a holder to the next grant to anyone
 * @param longestBeliefAfterThaw the longest time a process frozen while holding went on believing it held the
 *     lock after its CONT (until its LOST, RELEASE or KILL)
 * @param faults faults applied, per kind
 * @param faultsOnHolder faults applied to a process that believed it held the lock then (any process for a
 *     server restart), per kind
 */
public record LockHistoryReport(
        long originNanos,
        int grants,
        int sharedGrants,
        int writes,
        int mostHeldAtOnce,
        List<Overlap> overlaps,
        List<Overlap> pausedOverlaps,
        List<Crowd> crowds,
        List<FencingViolation> fencingViolations,
        List<TokenRegression> tokenOrderViolations,
        List<Takeover> takeoversWithoutLost,
        List<StrayWrite> writesOutsideGrant,
        List<StaleWrite> staleWrites,
        List<Duration> lostMargins,
        Duration longestUnavailability,
        Duration longestBeliefAfterThaw,
        Map<Kind, Integer> faults,
        Map<Kind, Integer> faultsOnHolder) {
    /**
     * Two intervals that overlap; {@code lower} has the lower token (or, with equal tokens, the earlier start).
     *
     * @param duringPause whether the lower grant's process was frozen at the higher grant (rule a's exception)
     */
    public record Overlap(Interval lower, Interval higher, boolean duringPause) {
        /** How long both were believed held. */
        public Duration length() {
            long from = Math.max(lower.start(), higher.start());
            long to = Math.min(lower.end(), higher.end());
            return to == Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(to - from);
        }
    }

    /**
     * A shared grant that made more shared holders than the limit.
     *
     * @param held the shared grants believed held when it was granted (frozen lower ones aside)
     * @param limit the history's shared limit
     */
    public record Crowd(Interval grant, List<Interval> held, int limit) {
        /** Copies the list. */
        public Crowd {
            held = List.copyOf(held);
        }
    }

    /**
     * A WRITE of an exclusive grant with a lower token than one an exclusive grant already wrote ({@code newer}, made
     * under {@code newerGrant}), its process not frozen when {@code newerGrant} was granted.
     */
    public record StaleWrite(Event write, Interval writer, Event newer, Interval newerGrant) {}

    /** A WRITE of the lower grant of a paused overlap, made after the higher grant with a token not below it. */
    public record FencingViolation(Event write, Interval writer, Interval higher) {}

    /** Two grants out of token order: {@code later} was granted after {@code earlier} with a token not above it. */
    public record TokenRegression(Interval earlier, Interval later) {}

    /** A grant to another process after a PARTITION of the holder, while the holder still believed it held. */
    public record Takeover(Event partition, Interval holder, Interval next) {}

    /** A WRITE outside the interval of the grant it names; {@code grant} is empty if no such grant was recorded. */
    public record StrayWrite(Event write, Optional<Interval> grant) {}

    /** Copies the collections. */
    public LockHistoryReport {
        overlaps = List.copyOf(overlaps);
        pausedOverlaps = List.copyOf(pausedOverlaps);
        crowds = List.copyOf(crowds);
        staleWrites = List.copyOf(staleWrites);
        fencingViolations = List.copyOf(fencingViolations);
        tokenOrderViolations = List.copyOf(tokenOrderViolations);
        takeoversWithoutLost = List.copyOf(takeoversWithoutLost);
        writesOutsideGrant = List.copyOf(writesOutsideGrant);
        lostMargins = lostMargins.stream().sorted().toList();
        faults = Collections.unmodifiableMap(new EnumMap<>(faults));
        faultsOnHolder = Collections.unmodifiableMap(new EnumMap<>(faultsOnHolder));
    }

    /** Whether no rule was broken. */
    public boolean safe() {
        return overlaps.isEmpty()
                && crowds.isEmpty()
                && fencingViolations.isEmpty()
                && tokenOrderViolations.isEmpty()
                && takeoversWithoutLost.isEmpty()
                && writesOutsideGrant.isEmpty()
                && staleWrites.isEmpty();
    }

    /** The smallest {@linkplain #lostMargins() margin}, if any take-over after a fault was measured. */
    public Optional<Duration> worstLostMargin() {
        return lostMargins.isEmpty() ? Optional.empty() : Optional.of(lostMargins.get(0));
    }

    /** The median {@linkplain #lostMargins() margin} (the lower middle one of an even count). */
    public Optional<Duration> medianLostMargin() {
        return lostMargins.isEmpty() ? Optional.empty() : Optional.of(lostMargins.get((lostMargins.size() - 1) / 2));
    }

    /** How many times {@code kind} was applied, in all and to a holder. */
    public int faults(Kind kind) {
        return faults.getOrDefault(kind, 0);
    }

    /** How many times {@code kind} was applied to a holder. */
    public int faultsOnHolder(Kind kind) {
        return faultsOnHolder.getOrDefault(kind, 0);
    }

    /** One readable line per broken rule, earliest first, times in ms since the first event. */
    public List<String> violations() {
        return HistoryText.violations(this);
    }

    /** One line per figure, for a log or the docs. */
    public List<String> summary() {
        return HistoryText.summary(this);
    }

    /** When the first violation happened, if any. */
    Optional<Long> firstViolationNanos() {
        return HistoryText.firstViolationNanos(this);
    }
}
