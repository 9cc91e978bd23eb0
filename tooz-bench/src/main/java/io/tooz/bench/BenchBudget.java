package io.tooz.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark's time, {@code --duration}, split into phases up front so that the whole run, set-up and clean-up
 * included, takes about that long: each phase gets its share of the total, its warm-up inside that share, and a phase
 * never runs past the end of the run less the time kept for the phases after it. Sample counts follow from the time
 * given, not the other way round.
 */
final class BenchBudget {
    /** The shortest timed slot that still measures something. */
    static final long MIN_SLOT = TimeUnit.MILLISECONDS.toNanos(5);
    /** The hand-off phase runs past its time until it has this many samples: a figure needs some. */
    static final int FEWEST_SAMPLES = 5;

    /** The part of an interleaved-rounds phase spent warming up (one slot per variant). */
    static final double WARMUP_SHARE = 0.15;

    /** How an interleaved-rounds phase is cut: {@code rounds} rounds of {@code slot} per variant after {@code warm}. */
    record Rounds(int rounds, long slot, long warm) {}

    private record Phase(String name, double share) {}

    private final long start;
    private final long total;
    private final List<Phase> phases = new ArrayList<>();
    private double planned;

    BenchBudget(long startNanos, Duration duration) {
        this.start = startNanos;
        this.total = duration.toNanos();
    }

    /**
     * Declares the next phase, taking {@code share} of the whole run; what the shares leave is for set-up (before the
     * first phase) and clean-up (after the last).
     */
    BenchBudget phase(String name, double share) {
        phases.add(new Phase(name, share));
        planned += share;
        return this;
    }

    /**
     * The time phase {@code name} may take: what is left of the run, shared among this phase, the phases after it
     * and the clean-up in proportion to their shares. So a slow set-up shrinks every phase alike, and a phase that ran
     * over takes from those after it, not from the total. At least a few minimal slots.
     */
    long nanos(String name) {
        double after = 1 - planned;
        boolean seen = false;
        double share = 0;
        for (Phase p : phases) {
            if (seen) {
                after += p.share();
            } else if (p.name().equals(name)) {
                seen = true;
                share = p.share();
            }
        }
        if (!seen) {
            throw new IllegalArgumentException("no phase '" + name + "'");
        }
        long left = start + total - System.nanoTime();
        return Math.max(MIN_SLOT * 4, (long) (left * share / (share + after)));
    }

    /** Cuts a phase of {@code budget} over {@code variants} into at most {@code maxRounds} rounds. */
    static Rounds rounds(long budget, int variants, int maxRounds) {
        long warm = Math.max(MIN_SLOT, (long) (budget * WARMUP_SHARE / variants));
        long timed = (long) (budget * (1 - WARMUP_SHARE));
        int rounds = maxRounds;
        while (rounds > 3 && timed / ((long) rounds * variants) < 4 * MIN_SLOT) {
            rounds--;
        }
        return new Rounds(rounds, Math.max(MIN_SLOT, timed / ((long) rounds * variants)), warm);
    }

    /** How many operations fit in {@code budget} at {@code opsPerSecond}, within [min, max]. */
    static int ops(double opsPerSecond, long budget, int min, int max) {
        double n = Double.isFinite(opsPerSecond) ? opsPerSecond * budget / 1e9 : min;
        return (int) Math.max(min, Math.min(max, n));
    }

    /** Prints how the run is split ({@code about 8 s in all: 50 % lock rounds, ...}) and records it as a result. */
    void print(PrintStream out) {
        StringBuilder b = new StringBuilder();
        for (Phase p : phases) {
            b.append(String.format(Locale.ROOT, "%.0f %% %s, ", p.share() * 100, p.name()));
        }
        b.append(String.format(Locale.ROOT, "the rest (%.0f %%) set-up and clean-up", (1 - planned) * 100));
        out.printf("about %s in all: %s; each phase's warm-up is inside its share%n", seconds(total), b);
        Object[] kv = new Object[2 + 2 * phases.size()];
        kv[0] = "durationSeconds";
        kv[1] = total / 1e9;
        for (int i = 0; i < phases.size(); i++) {
            kv[2 + 2 * i] = phases.get(i).name();
            kv[3 + 2 * i] = BenchOutput.round3(phases.get(i).share() * total / 1e9);
        }
        BenchOutput.result(out, "split", kv);
    }

    /** Seconds since the start. */
    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s == Math.rint(s) ? String.format(Locale.ROOT, "%.0f s", s) : String.format(Locale.ROOT, "%.1f s", s);
    }
}
