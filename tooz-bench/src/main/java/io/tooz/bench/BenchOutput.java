package io.tooz.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a benchmark writes: its text, as to any {@link PrintStream}, and each result as figures (a map of names to
 * numbers, strings, booleans or nulls, {@code "result"} first saying what kind it is), the same figures as the text
 * line beside it. {@link ToozBench} passes one whose results become JSON lines under {@code tooz bench --json} and
 * are dropped otherwise; with a plain PrintStream (a benchmark's own main) the results are dropped.
 */
public final class BenchOutput extends PrintStream {
    private final Consumer<Map<String, Object>> results;

    /** Text to {@code text}, results to {@code results}. */
    public BenchOutput(OutputStream text, Consumer<Map<String, Object>> results) {
        super(text, true, StandardCharsets.UTF_8);
        this.results = results;
    }

    /**
     * Records a result of kind {@code kind} with figures {@code nameValuePairs} (name, value, name, value, ...) if
     * {@code out} takes results. Non-finite doubles become null.
     */
    static void result(PrintStream out, String kind, Object... nameValuePairs) {
        if (!(out instanceof BenchOutput b)) {
            return;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("result", kind);
        for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
            Object v = nameValuePairs[i + 1];
            if (v instanceof Double d && !Double.isFinite(d)) {
                v = null;
            }
            row.put((String) nameValuePairs[i], v);
        }
        b.results.accept(row);
    }

    /** Records what is measured where (the first result of a benchmark), prints the budget's split and flushes. */
    static void benchmark(PrintStream out, String backend, String url, String server, BenchBudget budget) {
        result(out, "benchmark", "backend", backend, "url", url, "server", server);
        budget.print(out);
        out.flush();
    }

    /**
     * Records a {@code rate} result: {@code variant}'s operations per second in table {@code table}, then {@code more}
     * name-value pairs.
     */
    static void rate(PrintStream out, String table, String variant, double opsPerSecond, Object... more) {
        Object[] pairs = new Object[6 + more.length];
        Object[] first = {"table", table, "variant", variant, "opsPerSecond", round3(opsPerSecond)};
        System.arraycopy(first, 0, pairs, 0, first.length);
        System.arraycopy(more, 0, pairs, first.length, more.length);
        result(out, "rate", pairs);
    }

    /** A figure rounded to 3 decimals, for results (the text shows fewer). */
    static double round3(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }

    /**
     * Prints and records how many goals were met, what they are, and the time taken: the last line of a benchmark.
     */
    static void printGoals(PrintStream out, List<Boolean> verdicts, String goals, BenchBudget budget) {
        long met = verdicts.stream().filter(b -> b).count();
        out.printf(
                "%ngoals met: %d of %d (%s) in %.1f s; a missed goal is a finding, not a failure%n",
                met, verdicts.size(), goals, budget.elapsedSeconds());
        BenchOutput.result(
                out,
                "summary",
                "goalsMet",
                met,
                "goals",
                verdicts.size(),
                "goalsAre",
                goals,
                "elapsedSeconds",
                BenchOutput.round3(budget.elapsedSeconds()));
    }

    /** The last line of a benchmark without goals. */
    static void printNoGoals(PrintStream out, String scheme, BenchBudget budget) {
        out.printf("%nno goals for %s: the ratios are for reading (%.1f s)%n", scheme, budget.elapsedSeconds());
        BenchOutput.result(
                out,
                "summary",
                "goalsMet",
                0,
                "goals",
                0,
                "elapsedSeconds",
                BenchOutput.round3(budget.elapsedSeconds()));
    }
}
