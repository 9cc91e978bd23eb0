package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.bench.ZkBenchTarget.Target;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measuring for {@link ZooKeeperBench}, {@link RedisBench}, {@link JdbcBench}, {@link EtcdBench}, {@link FileBench} and
 * {@link MemcachedBench}: interleaved
 * rounds of timed slots, the order statistics taken of them, and the printing of rates, ratios and verdicts; for
 * ZooKeeper also requests per operation (4lw {@code cons}); the deletion of a benchmark's groups.
 */
final class BenchRounds {
    /** The phases every backend benchmark splits its time into (see {@link BenchBudget}). */
    static final String ROUNDS_PHASE = "interleaved rounds";

    static final String DIAG_PHASE = "diagnostics";
    static final String WATCH_PHASE = "watch latency";

    private BenchRounds() {}

    /**
     * Runs and prints a table of diagnostics, {@code what} its heading: 3 interleaved rounds after a half-slot warm-up,
     * all within {@code budget}.
     */
    static void printDiagnostics(PrintStream out, String what, List<Variant> diag, long budget) {
        long slot = Math.max(BenchBudget.MIN_SLOT, budget * 2 / (7 * diag.size()));
        printMedians(
                out,
                what,
                diag.stream().map(Variant::label).toList(),
                rounds(diag, 3, slot, slot / 2),
                3,
                slot,
                slot / 2);
    }

    /** One operation under test. */
    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    /**
     * A named operation; {@code sessionId} is the ZooKeeper session its requests go out on, for round-trip counting
     * (-1 where there is none).
     */
    record Variant(String label, Op op, long sessionId) {
        Variant(String label, Op op) {
            this(label, op, -1);
        }
    }

    /** Something measured over one time slot (one operation at a time, or several threads at once). */
    @FunctionalInterface
    interface Timed {
        /** Runs for about {@code slotNanos}; operations per second. */
        double rate(long slotNanos);
    }

    /** {@code rounds} interleaved rounds of one slot per variant, the order rotating; [variant][round] ops/s. */
    static double[][] rounds(List<Variant> variants, int rounds, long slotNanos, long warmNanos) {
        List<Timed> timed = new ArrayList<>();
        for (Variant v : variants) {
            timed.add(slot -> rate(v.op(), slot));
        }
        return interleave(timed, rounds, slotNanos, warmNanos);
    }

    /** As {@link #rounds}, for anything {@link Timed}: a warm-up slot each, then the interleaved rounds. */
    static double[][] interleave(List<Timed> variants, int rounds, long slotNanos, long warmNanos) {
        int n = variants.size();
        for (Timed v : variants) {
            v.rate(warmNanos);
        }
        double[][] rates = new double[n][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < n; k++) {
                int v = (round + k) % n;
                rates[v][round] = variants.get(v).rate(slotNanos);
            }
        }
        return rates;
    }

    /** Runs {@code op} back to back for about {@code slotNanos}; operations per second. */
    static double rate(Op op, long slotNanos) {
        long t0 = System.nanoTime();
        long end = t0 + slotNanos;
        long n = 0;
        long now;
        try {
            do {
                op.run();
                n++;
                now = System.nanoTime();
            } while (now < end);
        } catch (Exception e) {
            throw new IllegalStateException("benchmark operation failed: " + e, e);
        }
        return n / ((now - t0) / 1e9);
    }

    /** Requests per operation the server received on the variant's session, or NaN if 4lw 'cons' is unavailable. */
    static double roundTrips(Target target, Variant v, int ops) {
        Map<Long, Long> before = ZkBenchTarget.received(target);
        try {
            for (int i = 0; i < ops; i++) {
                v.op().run();
            }
        } catch (Exception e) {
            throw new IllegalStateException("benchmark operation failed: " + e, e);
        }
        Map<Long, Long> after = ZkBenchTarget.received(target);
        Long b = before.get(v.sessionId());
        Long a = after.get(v.sessionId());
        return a == null || b == null ? Double.NaN : (a - b) / (double) ops;
    }

    /** The rates of interleaved rounds, [variant][round] ops/s, and each variant's median. */
    record Table(double[][] rates, double[] med) {}

    /**
     * The one-client table every backend benchmark starts with: {@code rounds} interleaved rounds of {@code variants}
     * in {@code phaseNanos}, the medians printed, then the heading of the ratios that the benchmark prints below.
     */
    static Table interleaved(PrintStream out, List<Variant> variants, long phaseNanos, int rounds) {
        BenchBudget.Rounds cut = BenchBudget.rounds(phaseNanos, variants.size(), rounds);
        double[][] rates = rounds(variants, cut.rounds(), cut.slot(), cut.warm());
        double[] med = printMedians(out, variants, rates, cut.rounds(), cut.slot(), cut.warm());
        out.println();
        out.println(
                "  ratios of the medians (above 1: ours is faster); in brackets the range of the same ratio within each"
                        + " round");
        return new Table(rates, med);
    }

    /** Prints the headline table (median round, min-max) of {@code rates}; the median of each variant. */
    static double[] printMedians(
            PrintStream out, List<Variant> variants, double[][] rates, int rounds, long slotNanos, long warmNanos) {
        return printMedians(
                out,
                "uncontended, one client, one operation at a time",
                variants.stream().map(Variant::label).toList(),
                rates,
                rounds,
                slotNanos,
                warmNanos);
    }

    /**
     * Prints a table headed by {@code what} and the rounds' timing: per label the median round (min-max); returns the
     * medians.
     */
    static double[] printMedians(
            PrintStream out,
            String what,
            List<String> labels,
            double[][] rates,
            int rounds,
            long slotNanos,
            long warmNanos) {
        double[] med = new double[labels.size()];
        out.printf(
                "%n%s: %d interleaved rounds of %d ms per variant after a %d ms warm-up each; median round (min-max)"
                        + " in operations per second, higher is better%n",
                what, rounds, TimeUnit.NANOSECONDS.toMillis(slotNanos), TimeUnit.NANOSECONDS.toMillis(warmNanos));
        for (int v = 0; v < labels.size(); v++) {
            double[] r = rates[v].clone();
            Arrays.sort(r);
            med[v] = median(r);
            out.printf(
                    "  %-62s %,9.0f ops/s  %7.1f us/op  (%,.0f-%,.0f)%n",
                    labels.get(v), med[v], 1e6 / med[v], r[0], r[r.length - 1]);
            BenchOutput.rate(
                    out,
                    what,
                    labels.get(v),
                    med[v],
                    "usPerOp",
                    BenchOutput.round3(1e6 / med[v]),
                    "roundMinOpsPerSecond",
                    BenchOutput.round3(r[0]),
                    "roundMaxOpsPerSecond",
                    BenchOutput.round3(r[r.length - 1]),
                    "rounds",
                    rounds,
                    "slotMs",
                    TimeUnit.NANOSECONDS.toMillis(slotNanos),
                    "warmupMs",
                    TimeUnit.NANOSECONDS.toMillis(warmNanos));
        }
        return med;
    }

    /** Prints the requests per operation of each variant, over {@code ops} operations. */
    static void printRoundTrips(PrintStream out, Target target, List<Variant> variants, int ops) {
        out.printf(
                "%nrequests per operation (received on that session, per the server's 4lw 'cons', over %d"
                        + " operations; pipelined requests share a round trip, so this bounds round trips from"
                        + " above):%n",
                ops);
        for (Variant v : variants) {
            double trips = roundTrips(target, v, ops);
            out.printf(
                    "  %-62s %s%n",
                    v.label(), Double.isNaN(trips) ? "n/a (4lw 'cons' not answered)" : String.format("%.2f", trips));
            BenchOutput.result(
                    out,
                    "requests",
                    "variant",
                    v.label(),
                    "requestsPerOperation",
                    BenchOutput.round3(trips),
                    "operations",
                    ops);
        }
    }

    /**
     * Runs the diagnostic variants in 3 interleaved rounds of {@code slotNanos} and prints the median of each, with
     * its requests per operation over {@code ops} operations for all but the first (already counted above).
     */
    static void printDiagnostics(PrintStream out, Target target, List<Variant> diag, long slotNanos, int ops) {
        double[][] diagRates = rounds(diag, 3, slotNanos, slotNanos / 2);
        String what = "for reading the above, what the server's primitives cost now (3 interleaved rounds of "
                + TimeUnit.NANOSECONDS.toMillis(slotNanos) + " ms, median; no goals)";
        out.printf("%s:%n", what);
        for (int v = 0; v < diag.size(); v++) {
            double[] r = diagRates[v].clone();
            Arrays.sort(r);
            double m = median(r);
            double trips = v == 0 ? Double.NaN : roundTrips(target, diag.get(v), ops);
            out.printf(
                    "  %-62s %,9.0f ops/s  %7.1f us/op%s%n",
                    diag.get(v).label(),
                    m,
                    1e6 / m,
                    Double.isNaN(trips) ? "" : String.format("  %.2f requests", trips));
            BenchOutput.rate(
                    out,
                    what,
                    diag.get(v).label(),
                    m,
                    "usPerOp",
                    BenchOutput.round3(1e6 / m),
                    "requestsPerOperation",
                    BenchOutput.round3(trips));
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double max(double[] sorted) {
        return sorted[sorted.length - 1];
    }

    /** Prints a ratio with its per-round range and, unless {@code goal} is NaN, the goal and whether it was met. */
    static boolean ratio(PrintStream out, String what, double ratio, double[] ours, double[] theirs, double goal) {
        return ratio(out, what, ratio, ours, theirs, goal, "no goal; for reading");
    }

    /**
     * As above, for variants {@code ours} and {@code theirs} of one set of rounds: the ratio of their medians {@code
     * med}, with the range of the per-round ratios of {@code rates}.
     */
    static boolean ratio(
            PrintStream out, String what, double[] med, double[][] rates, int ours, int theirs, double goal) {
        return ratio(out, what, med[ours] / med[theirs], rates[ours], rates[theirs], goal);
    }

    /** As above; {@code noGoal} is what is printed instead of the goal when it is NaN. */
    static boolean ratio(
            PrintStream out, String what, double ratio, double[] ours, double[] theirs, double goal, String noGoal) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int r = 0; r < ours.length; r++) {
            lo = Math.min(lo, ours[r] / theirs[r]);
            hi = Math.max(hi, ours[r] / theirs[r]);
        }
        boolean pass = ratio >= goal;
        out.printf(
                "  %s  %.3f  (%.2f-%.2f)   %s%n",
                what,
                ratio,
                lo,
                hi,
                Double.isNaN(goal) ? noGoal : String.format("goal >= %.2f   %s", goal, verdict(pass)));
        BenchOutput.result(
                out,
                "ratio",
                "ratio",
                what.strip().replaceAll(" +", " "),
                "value",
                BenchOutput.round3(ratio),
                "roundMin",
                BenchOutput.round3(lo),
                "roundMax",
                BenchOutput.round3(hi),
                "goalAtLeast",
                Double.isNaN(goal) ? null : goal,
                "met",
                Double.isNaN(goal) ? null : pass);
        return pass;
    }

    /** Deletes the benchmark's groups through {@code c}; a group that cannot be deleted is reported, not thrown. */
    static void deleteGroups(PrintStream out, Coordinator c, List<String> groups) {
        for (String g : groups) {
            try {
                c.deleteGroup(g).get();
            } catch (RuntimeException e) {
                out.println("cleanup: could not delete group " + g + ": " + e.getMessage());
            }
        }
    }

    /** {@code met} or {@code MISSED}: whether a goal was reached; a missed goal is not an error. */
    static String verdict(boolean pass) {
        return pass ? "met" : "MISSED";
    }
}
