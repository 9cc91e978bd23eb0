package io.tooz.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The history of one lock as its holders believed it and as a test disturbed it, recorded from several processes,
 * and a checker for it ({@link #check()}, {@link #assertSafe()}).
 *
 * <p><b>One clock.</b> Every event carries the {@link System#nanoTime()} of the process that saw it. On Linux,
 * HotSpot's {@code nanoTime} reads {@code CLOCK_MONOTONIC}, a single clock for the whole machine, so stamps taken by
 * different JVMs of one machine compare directly. The checker relies on this: it is not true across machines, and
 * not promised on other operating systems. All processes of one history must run on the same Linux host.
 *
 * <p><b>Events.</b> Holders report {@link Kind#GRANT} (the acquire returned, stamped after it did), {@link Kind#LOST}
 * (the lease's {@code lost()} completed), {@link Kind#RELEASE} (stamped <em>before</em> calling release, when the
 * holder stops relying on the lock) and {@link Kind#WRITE} (a write to a fenced store, carrying the token it was
 * made with, done while the holder believed it held the lock). The test reports its faults: {@link Kind#PARTITION} /
 * {@link Kind#HEAL} of a process's network, {@link Kind#STOP} / {@link Kind#CONT} (stamped after the process froze
 * and before it thawed, so the recorded freeze is never longer than the real one), {@link Kind#KILL} (stamped once
 * the process has exited) and {@link Kind#SERVER_RESTART}.
 *
 * <p><b>Sharing.</b> A grant is <em>exclusive</em> (a lock, a leadership, the write mode of a read-write lock) or
 * <em>shared</em> (the read mode, a semaphore's permit); the history's {@linkplain #sharedLimit() shared limit} says
 * how many shared grants may be held at once: 1 for a lock, unlimited for readers ({@link #ofReadWriteLock()}), the
 * permits of a semaphore ({@link #ofSemaphore(int)}).
 *
 * <p><b>Rules.</b> A grant's <em>believed-held interval</em> runs from its GRANT to the first of its LOST or
 * RELEASE, the KILL of its process, or the end of the history. Of two grants, the <em>lower</em> is the one with the
 * lower fencing token (the earlier in the lock's own order).
 *
 * <ol type="a">
 *   <li>An exclusive grant's interval overlaps no other interval, and no more than the shared limit of shared
 *       intervals overlap at any moment, except when the lower grant's process was frozen at the moment of the higher
 *       grant: a pause past the lease's safety margin is what fencing tokens are for. Then every WRITE of the lower
 *       grant made after the higher grant must carry a lower token than it (so a fenced store rejects it); one that
 *       does not is a fencing violation. (For the count of shared grants, the grants of frozen processes with lower
 *       tokens than the grant that would exceed the limit do not count.)
 *       <p>A process counts as frozen from its STOP or KILL_SENT until its KILL, or until its CONT plus the {@linkplain
 *       #thawGrace() thaw grace} (250 ms by default, the allowance the core gives its lease timer): the CONT is
 *       stamped before the signal is sent, and a thawed process needs a moment before its lease timer runs and
 *       tells it the lease lapsed while it was frozen. Writes in that moment are checked as above; how long thawed
 *       holders went on believing is reported ({@link LockHistoryReport#longestBeliefAfterThaw()}).
 *   <li>Fencing tokens strictly increase in grant order between two grants of which one is exclusive; two shared
 *       grants, which may be granted together and reported in either order, only never carry the same token. A
 *       lower token granted after a higher one is excused only if its process was frozen (as in rule a) when the
 *       higher one was granted (its grant may have happened before the freeze and been reported after the thaw).
 *   <li>After a PARTITION of a holder, the next conflicting grant to another process comes after the holder's
 *       interval ended: a take-over is preceded by {@code lost()} (or a release). Any grant conflicts with an
 *       exclusive one; two shared grants conflict only when the shared limit is 1 (with more, rule a counts them).
 *   <li>A WRITE lies within the interval of the grant it names.
 *   <li>The fenced store: taken in time order, no WRITE of an exclusive grant carries a token below one an exclusive
 *       grant already wrote (the store would reject it, its writer having believed it held the lock after a later
 *       holder wrote), unless the writer's process was frozen when that later holder was granted (rule a's
 *       exception: then the rejection is fencing at work).
 * </ol>
 *
 * <p>All methods are thread-safe: reader threads of several processes and the test thread record concurrently.
 * Events may be recorded in any order; the checker sorts them by time.
 */
public final class LockHistory {
    /** The default {@linkplain #thawGrace() thaw grace}: 250 ms. */
    public static final Duration DEFAULT_THAW_GRACE = Duration.ofMillis(250);

    /** What an event records. */
    public enum Kind {
        /** A holder's acquire returned a lease with a fencing token. */
        GRANT,
        /** A holder's lease reported {@code lost()}. */
        LOST,
        /** A holder stopped relying on its lease and is releasing it. */
        RELEASE,
        /** A holder wrote to the fenced resource with a token. */
        WRITE,
        /** The test cut a process off from the backend (fault). */
        PARTITION,
        /** The test ended a partition. */
        HEAL,
        /** The test froze a process with {@code SIGSTOP} (fault). */
        STOP,
        /** The test thawed a frozen process with {@code SIGCONT}. */
        CONT,
        /**
         * The test is about to send {@code SIGKILL} to a process (stamped before the signal). The process dies at some
         * moment before its KILL, and the backend may free its lock as soon as it does (a closed connection): until
         * the KILL the process counts as frozen, so an overlap in that window is left to fencing.
         */
        KILL_SENT,
        /** The test killed a process with {@code SIGKILL} (fault; stamped once the process has exited). */
        KILL,
        /** The test restarted the backend server (fault). */
        SERVER_RESTART,
        /** The test froze the backend server with {@code SIGSTOP} for a while, then thawed it (fault). */
        SERVER_FREEZE;

        /** Whether this kind is a fault the test injects (as opposed to its repair or a holder's report). */
        public boolean isFault() {
            return this != GRANT
                    && this != LOST
                    && this != RELEASE
                    && this != WRITE
                    && this != HEAL
                    && this != CONT
                    && this != KILL_SENT;
        }

        /** Whether this fault hits the server, and so every process, rather than one process. */
        public boolean isServerFault() {
            return this == SERVER_RESTART || this == SERVER_FREEZE;
        }
    }

    /**
     * One recorded event. Fields that do not apply to the kind are empty strings or 0.
     *
     * @param kind what happened
     * @param nanos when, on the machine's monotonic clock ({@link System#nanoTime()})
     * @param process the process it happened to or in; empty for a {@linkplain Kind#isServerFault() server fault}
     * @param grantId the grant, for holder events (unique per process)
     * @param token the fencing token of a GRANT or the token a WRITE carried
     * @param reason the {@code lost()} reason of a LOST
     * @param shared whether a GRANT is shared (see the class comment on sharing)
     */
    public record Event(
            Kind kind, long nanos, String process, String grantId, long token, String reason, boolean shared) {
        /** Checks the components. */
        public Event {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(process, "process");
            Objects.requireNonNull(grantId, "grantId");
            Objects.requireNonNull(reason, "reason");
        }

        /** An event that is not a shared GRANT. */
        public Event(Kind kind, long nanos, String process, String grantId, long token, String reason) {
            this(kind, nanos, process, grantId, token, reason, false);
        }
    }

    /**
     * A grant's believed-held interval.
     *
     * @param end {@link Long#MAX_VALUE} while open at the end of the history
     * @param endedBy LOST, RELEASE or KILL; {@code null} while open
     * @param shared whether the grant was shared
     */
    public record Interval(
            String process, String grantId, long token, long start, long end, Kind endedBy, boolean shared) {
        /** Whether nothing ended it before the history ended. */
        public boolean isOpen() {
            return endedBy == null;
        }

        /** Whether the two intervals share a moment (touching ends do not). */
        public boolean overlaps(Interval other) {
            return start < other.end && other.start < end;
        }

        /** Whether the grant was believed held at {@code nanos}, its end included (a KILL ends it at the KILL). */
        public boolean heldAt(long nanos) {
            return start <= nanos && nanos <= end;
        }
    }

    private final Object lock = new Object();
    private final List<Event> events = new ArrayList<>();
    /** Grants believed held now, by process and grant id, for {@link #believedHolders()}. */
    private final Map<String, String> open = new HashMap<>();

    private final Duration thawGrace;
    private final int sharedLimit;
    private int grants;
    private String newestGrant = "";

    /** An empty history of an exclusive lock with the default {@linkplain #thawGrace() thaw grace}, 250 ms. */
    public LockHistory() {
        this(DEFAULT_THAW_GRACE);
    }

    /**
     * An empty history of an exclusive lock with the given {@linkplain #thawGrace() thaw grace}; zero makes rule (a)
     * strict.
     */
    public LockHistory(Duration thawGrace) {
        this(thawGrace, 1);
    }

    /**
     * An empty history with the given {@linkplain #thawGrace() thaw grace} in which at most {@code sharedLimit} shared
     * grants may be held at once ({@link Integer#MAX_VALUE}: any number).
     */
    public LockHistory(Duration thawGrace, int sharedLimit) {
        if (thawGrace.isNegative()) {
            throw new IllegalArgumentException("thawGrace must not be negative: " + thawGrace);
        }
        if (sharedLimit < 1) {
            throw new IllegalArgumentException("sharedLimit must be positive: " + sharedLimit);
        }
        this.thawGrace = thawGrace;
        this.sharedLimit = sharedLimit;
    }

    /** An empty history of a read-write lock: reads are shared grants, any number at once; writes exclusive. */
    public static LockHistory ofReadWriteLock() {
        return new LockHistory(DEFAULT_THAW_GRACE, Integer.MAX_VALUE);
    }

    /** An empty history of a semaphore: every permit a shared grant, at most {@code permits} at once. */
    public static LockHistory ofSemaphore(int permits) {
        return new LockHistory(DEFAULT_THAW_GRACE, permits);
    }

    /** How many shared grants may be held at once (rule a). */
    public int sharedLimit() {
        return sharedLimit;
    }

    /** How long after its CONT a process still counts as frozen for rules (a) and (b). */
    public Duration thawGrace() {
        return thawGrace;
    }

    // ---- holder events ----

    /** {@code process} got exclusive grant {@code grantId} with fencing token {@code token} at {@code nanos}. */
    public void grant(String process, String grantId, long token, long nanos) {
        grant(process, grantId, token, nanos, false);
    }

    /** {@code process} got grant {@code grantId}, {@code shared} or not, with fencing token {@code token} at {@code nanos}. */
    public void grant(String process, String grantId, long token, long nanos, boolean shared) {
        record(new Event(Kind.GRANT, nanos, process, grantId, token, "", shared));
    }

    /** The lease of grant {@code grantId} reported {@code lost()} with {@code reason} at {@code nanos}. */
    public void lost(String process, String grantId, String reason, long nanos) {
        record(new Event(Kind.LOST, nanos, process, grantId, 0, reason));
    }

    /** {@code process} stopped relying on grant {@code grantId} and began releasing it at {@code nanos}. */
    public void release(String process, String grantId, long nanos) {
        record(new Event(Kind.RELEASE, nanos, process, grantId, 0, ""));
    }

    /** {@code process} wrote to the fenced resource under grant {@code grantId} with {@code token} at {@code nanos}. */
    public void write(String process, String grantId, long token, long nanos) {
        record(new Event(Kind.WRITE, nanos, process, grantId, token, ""));
    }

    // ---- faults ----

    /** The test cut {@code process} off from the backend at {@code nanos}. */
    public void partition(String process, long nanos) {
        record(new Event(Kind.PARTITION, nanos, process, "", 0, ""));
    }

    /** The test reconnected {@code process} at {@code nanos}. */
    public void heal(String process, long nanos) {
        record(new Event(Kind.HEAL, nanos, process, "", 0, ""));
    }

    /** {@code process} was frozen by {@code nanos} (stamp after the signal took effect). */
    public void stop(String process, long nanos) {
        record(new Event(Kind.STOP, nanos, process, "", 0, ""));
    }

    /** {@code process} was still frozen at {@code nanos} and thawed after (stamp before the signal). */
    public void cont(String process, long nanos) {
        record(new Event(Kind.CONT, nanos, process, "", 0, ""));
    }

    /** {@code SIGKILL} is about to be sent to {@code process} (stamp before the signal). */
    public void killSent(String process, long nanos) {
        record(new Event(Kind.KILL_SENT, nanos, process, "", 0, ""));
    }

    /** {@code process} was dead by {@code nanos}: it does nothing after this (stamp once it has exited). */
    public void kill(String process, long nanos) {
        record(new Event(Kind.KILL, nanos, process, "", 0, ""));
    }

    /** The backend server was restarted at {@code nanos}. */
    public void serverRestart(long nanos) {
        record(new Event(Kind.SERVER_RESTART, nanos, "", "", 0, ""));
    }

    /** Records that the backend server was frozen at {@code nanos}. */
    public void serverFreeze(long nanos) {
        record(new Event(Kind.SERVER_FREEZE, nanos, "", "", 0, ""));
    }

    /** Records any event. */
    public void record(Event e) {
        Objects.requireNonNull(e, "event");
        synchronized (lock) {
            events.add(e);
            String key = key(e.process(), e.grantId());
            switch (e.kind()) {
                case GRANT -> {
                    grants++;
                    open.put(key, e.process());
                    newestGrant = key;
                }
                case LOST, RELEASE -> open.remove(key);
                case KILL -> open.values().removeIf(e.process()::equals);
                default -> {
                    // faults and writes change no belief
                }
            }
        }
    }

    // ---- reading ----

    /** Every event so far, ordered by time (events with equal times in the order they were recorded). */
    public List<Event> events() {
        List<Event> copy;
        synchronized (lock) {
            copy = new ArrayList<>(events);
        }
        copy.sort(Comparator.comparingLong(Event::nanos));
        return copy;
    }

    /** How many grants were recorded so far. */
    public int grantCount() {
        synchronized (lock) {
            return grants;
        }
    }

    /**
     * The processes that believe they hold the lock now, going by the events recorded so far (normally at most one
     * for exclusive grants; more during a paused overlap, or while grants are shared).
     */
    public Set<String> believedHolders() {
        synchronized (lock) {
            return Set.copyOf(open.values());
        }
    }

    /** The process of the most recently recorded grant, if it still believes it holds it. */
    public Optional<String> newestGrantHolder() {
        synchronized (lock) {
            return Optional.ofNullable(open.get(newestGrant));
        }
    }

    /** Checks the history against the rules in the class comment. */
    public LockHistoryReport check() {
        return new LockHistoryChecker(events(), thawGrace.toNanos(), sharedLimit).check();
    }

    /**
     * Checks the history and returns the report if it is safe.
     *
     * @throws AssertionError naming the first violations (at most ten) and listing the events around the first one
     */
    public LockHistoryReport assertSafe() {
        LockHistoryReport r = check();
        if (r.safe()) {
            return r;
        }
        List<String> found = r.violations();
        StringBuilder b = new StringBuilder("the lock history breaks its safety rules: ")
                .append(found.size())
                .append(" violation(s); times are ms since the first event\n");
        found.stream().limit(10).forEach(v -> b.append("  - ").append(v).append('\n'));
        long at = r.firstViolationNanos().orElse(r.originNanos());
        b.append("events from 3 s before to 1 s after the first violation:\n");
        excerpt(at - 3_000_000_000L, at + 1_000_000_000L, r.originNanos())
                .forEach(line -> b.append("    ").append(line).append('\n'));
        b.append(String.join("\n", r.summary()));
        throw new AssertionError(b.toString());
    }

    /**
     * The events between {@code fromNanos} and {@code toNanos}, one line each with the time in ms since {@code
     * originNanos}; consecutive writes of one grant are folded into one line.
     */
    public List<String> excerpt(long fromNanos, long toNanos, long originNanos) {
        List<String> lines = new ArrayList<>();
        Event firstWrite = null;
        Event lastWrite = null;
        int folded = 0;
        for (Event e : events()) {
            if (e.nanos() < fromNanos || e.nanos() > toNanos) {
                continue;
            }
            if (e.kind() == Kind.WRITE
                    && firstWrite != null
                    && e.grantId().equals(firstWrite.grantId())
                    && e.process().equals(firstWrite.process())
                    && e.token() == firstWrite.token()) {
                lastWrite = e;
                folded++;
                continue;
            }
            if (firstWrite != null) {
                lines.add(HistoryText.writes(firstWrite, lastWrite, folded, originNanos));
                firstWrite = null;
            }
            if (e.kind() == Kind.WRITE) {
                firstWrite = e;
                lastWrite = e;
                folded = 1;
            } else {
                lines.add(HistoryText.event(e, originNanos));
            }
        }
        if (firstWrite != null) {
            lines.add(HistoryText.writes(firstWrite, lastWrite, folded, originNanos));
        }
        return lines;
    }

    @Override
    public String toString() {
        List<Event> all = events();
        Set<String> processes = all.stream()
                .map(Event::process)
                .filter(p -> !p.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        return String.format(
                Locale.ROOT, "LockHistory[%d events, %d grants, processes %s]", all.size(), grantCount(), processes);
    }

    static String key(String process, String grantId) {
        return process + '\u0000' + grantId;
    }
}
