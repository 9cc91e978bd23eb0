package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.bench.BenchRounds.Timed;
import io.tooz.spi.ConnectionUrl;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One row of the lock table ({@code tooz bench row --url URL}): lock acquire + release per second, one client, one
 * operation at a time, uncontended, for tooz, the backend's raw floor, the best competing library where there is one,
 * and Python tooz 3.1.0 (a subprocess, when {@code /usr/bin/python3} can import it), all measured in one run as the
 * medians of interleaved rounds (the order rotating every round, a warm-up slot each first), so that the machine's
 * state affects them alike. Prints the per-variant medians, then the row as markdown under its header:
 *
 * <pre>
 * | backend | tooz | raw floor | ratio | best anchor | ratio | Python tooz (ratio) |
 * </pre>
 *
 * (the ratios are tooz's median over the other's: above 1, tooz is faster). {@code scripts/lock-table.sh} runs it for
 * every backend. The parts per backend are in {@link LockRowParts}.
 */
final class LockRow {
    static final String HEADER = "| backend | tooz | raw floor | ratio | best anchor | ratio | Python tooz (ratio) |";
    static final String RULE = "|---|--:|--:|--:|--:|--:|--:|";
    private static final int ROUNDS = 15;

    private LockRow() {}

    /**
     * Measures and prints the row of {@code url}'s backend in about {@code duration}.
     *
     * @return 0
     */
    static int run(String url, Duration duration, PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        BenchBudget budget = new BenchBudget(started, duration).phase(BenchRounds.ROUNDS_PHASE, 0.8);
        try (LockRowParts parts = LockRowParts.of(url, tag, out)) {
            out.printf(
                    "tooz lock table row on %s (%s): lock acquire + release, one client, uncontended%n",
                    ConnectionUrl.redact(url), parts.server);
            BenchOutput.benchmark(out, parts.backend, ConnectionUrl.redact(url), parts.server, budget);
            try (Coordinator c =
                    Coordinator.builder(parts.url).memberId("bench-" + tag).build()) {
                c.start();
                DistributedLock lock = c.getLock("bench-lock-" + tag);
                PythonLock.Started py = parts.noPython != null
                        ? new PythonLock.Started(null, parts.noPython)
                        : PythonLock.start(parts.pythonUrl, "bench-py-" + tag, "bench-py-lock-" + tag);
                try {
                    return measure(out, parts, lock, py, budget);
                } finally {
                    if (py.peer() != null) {
                        py.peer().close();
                    }
                }
            }
        }
    }

    private static int measure(
            PrintStream out, LockRowParts parts, DistributedLock lock, PythonLock.Started py, BenchBudget budget) {
        List<String> labels = new ArrayList<>();
        List<Timed> timed = new ArrayList<>();
        labels.add("tooz lock.acquire() + release()");
        timed.add(slot -> BenchRounds.rate(() -> lock.acquire().release(), slot));
        labels.add("raw floor: " + parts.floorName);
        timed.add(slot -> BenchRounds.rate(parts.floor, slot));
        if (parts.anchor != null) {
            labels.add(parts.anchorName);
            timed.add(slot -> BenchRounds.rate(parts.anchor, slot));
        }
        if (py.peer() != null) {
            labels.add("Python tooz 3.1.0 acquire() + release()");
            timed.add(py.peer());
        }
        BenchBudget.Rounds cut = BenchBudget.rounds(budget.nanos(BenchRounds.ROUNDS_PHASE), timed.size(), ROUNDS);
        double[][] rates = BenchRounds.interleave(timed, cut.rounds(), cut.slot(), cut.warm());
        double[] med = BenchRounds.printMedians(
                out,
                "lock acquire + release, one client, uncontended",
                labels,
                rates,
                cut.rounds(),
                cut.slot(),
                cut.warm());
        double tooz = med[0];
        double floor = med[1];
        double anchor = parts.anchor != null ? med[2] : Double.NaN;
        double python = py.peer() != null ? med[med.length - 1] : Double.NaN;
        if (py.peer() == null) {
            out.println("  python tooz: " + py.why());
        }
        String backend = parts.backend + " " + version(parts);
        String row = String.format(
                "| %s | %,.0f | %,.0f (%s) | %.2f | %s | %s | %s |",
                backend.strip(),
                tooz,
                floor,
                parts.floorName,
                tooz / floor,
                parts.anchor != null ? String.format("%,.0f (%s)", anchor, parts.anchorName) : "none",
                parts.anchor != null ? String.format("%.2f", tooz / anchor) : "-",
                py.peer() != null ? String.format("%,.0f (%.2f)", python, tooz / python) : py.why());
        String load = loadAverage();
        out.printf("%n%s%n%s%n%s%n", HEADER, RULE, row);
        out.printf(
                "(medians of %d interleaved rounds of %d ms; load average %s)%n",
                cut.rounds(), cut.slot() / 1_000_000, load);
        BenchOutput.result(
                out,
                "row",
                "backend",
                backend.strip(),
                "server",
                parts.server,
                "toozOpsPerSecond",
                BenchOutput.round3(tooz),
                "floor",
                parts.floorName,
                "floorOpsPerSecond",
                BenchOutput.round3(floor),
                "toozOverFloor",
                BenchOutput.round3(tooz / floor),
                "anchor",
                parts.anchorName,
                "anchorOpsPerSecond",
                BenchOutput.round3(anchor),
                "toozOverAnchor",
                BenchOutput.round3(tooz / anchor),
                "pythonOpsPerSecond",
                BenchOutput.round3(python),
                "toozOverPython",
                BenchOutput.round3(tooz / python),
                "python",
                py.peer() != null ? "tooz 3.1.0" : py.why(),
                "rounds",
                cut.rounds(),
                "slotMs",
                cut.slot() / 1_000_000,
                "loadAverage",
                load,
                "markdown",
                row);
        return 0;
    }

    /** The server's version number alone ({@code 3.8.0} of {@code ZooKeeper 3.8.0}), or the whole when there is none. */
    private static String version(LockRowParts parts) {
        String v = parts.server.replaceFirst("^\\S+ ([0-9][0-9.]*).*$", "$1");
        return v.equals(parts.server) ? "(" + parts.server + ")" : v;
    }

    /** The 1, 5 and 15 minute load averages of /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2] + " on "
                    + Runtime.getRuntime().availableProcessors() + " CPUs";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
