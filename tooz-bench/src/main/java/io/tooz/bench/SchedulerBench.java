package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.internal.hooks.RunHistory;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.schedule.TaskAction;
import io.tooz.schedule.WorkerStats;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * The periodic scheduler on any backend ({@code tooz bench scheduler --url URL}): 6 workers, each its own coordinator,
 * share 10,000 tasks of one millisecond per period. Prints, all from one run: task runs per second, backend requests
 * per task run (goal ≤ 2), tasks moved when a 7th worker joins and when it leaves against the ideal 1/7 (goal ≤ 1.1 ×
 * ideal), the busiest worker's load against the mean, the duplicates and misses of the steady phase (must be 0), and
 * the requests per run of the competing-consumers baseline ({@link CompetingClaims}) on the same backend. The group is
 * the benchmark's own; its claims expire with their TTL.
 *
 * <p>The duration is counted in periods: about {@value #FIXED_PERIODS} go to starting the workers and warming up, the
 * join and the leave of the 7th worker and the baseline; the rest are the steady phase measured, at least {@value
 * #MIN_STEADY}. A duration shorter than that minimum is stretched to it, and the first line says so.
 */
public final class SchedulerBench {
    static final int WORKERS = 6;
    static final int TASKS = 10_000;
    static final int THREADS = 16;
    static final double MAX_OPS_PER_RUN = 2.0;
    static final double MAX_MOVED_RATIO = 1.1;
    /** Periods outside the steady phase: 2 to warm up, 2 between join and leave, 3 for the baseline, ~3 to settle. */
    static final int FIXED_PERIODS = 10;

    static final int MIN_STEADY = 3;

    private final String url;
    private final Duration period;
    private final PrintStream out;
    private final String suffix =
            HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final String group = "tooz-bench-scheduler-" + suffix;
    private final List<String> tasks = new ArrayList<>();
    private final RunHistory history = new RunHistory();
    private final List<Coordinator> coordinators = new ArrayList<>();
    private final List<PeriodicScheduler> workers = new ArrayList<>();

    private SchedulerBench(String url, Duration period, PrintStream out) {
        this.url = url;
        this.period = period;
        this.out = out;
        for (int i = 0; i < TASKS; i++) {
            tasks.add(String.format("task-%05d", i));
        }
    }

    /**
     * Runs the benchmark for about {@code duration} (at least 8 periods).
     *
     * @return 0 when measured (a missed target is not an error), 1 when the fleet did not settle or ran a period twice
     */
    public static int run(String url, Duration duration, Duration period, PrintStream out) {
        return new SchedulerBench(url, period, out).measure(duration);
    }

    private int measure(Duration duration) {
        long periodMs = period.toMillis();
        int steadyPeriods = (int) Math.max(MIN_STEADY, duration.toMillis() / periodMs - FIXED_PERIODS);
        long planned = (steadyPeriods + FIXED_PERIODS) * periodMs;
        out.printf(
                "scheduler on %s: %d workers x %d threads, %d tasks of 1 ms every %d ms, group %s%n",
                ConnectionUrl.redact(url), WORKERS, THREADS, TASKS, periodMs, group);
        out.printf(
                "about %s in all%s: %d steady periods measured, about %d periods to start, warm up, join and leave a"
                        + " 7th worker, and run the competing-consumers baseline%n",
                BenchBudget.seconds(planned * 1_000_000),
                planned > duration.toMillis() + periodMs
                        ? " (more than the " + BenchBudget.seconds(duration.toNanos()) + " asked: the least this"
                                + " benchmark needs at --period " + periodMs + " ms)"
                        : "",
                steadyPeriods,
                FIXED_PERIODS);
        BenchOutput.result(
                out,
                "benchmark",
                "backend",
                "scheduler",
                "url",
                ConnectionUrl.redact(url),
                "workers",
                WORKERS,
                "tasks",
                TASKS,
                "periodMs",
                periodMs,
                "steadyPeriods",
                steadyPeriods,
                "plannedSeconds",
                planned / 1000.0);
        try {
            for (int i = 0; i < WORKERS; i++) {
                addWorker();
            }
            if (!settled(WORKERS)) {
                out.println("  the workers did not all see each other within 30 s; no figures");
                return 1;
            }
            awaitPeriods(2);
            long from = periodNow();
            Map<PeriodicScheduler, WorkerStats> before = snapshot();
            long t0 = System.nanoTime();
            awaitPeriods(steadyPeriods);
            long t1 = System.nanoTime();
            Map<PeriodicScheduler, WorkerStats> after = snapshot();
            long to = periodNow() - 1;
            long runs = 0;
            long requests = 0;
            int maxOwned = 0;
            long owned = 0;
            for (PeriodicScheduler w : workers) {
                runs += after.get(w).run()
                        + after.get(w).failed()
                        - before.get(w).run()
                        - before.get(w).failed();
                requests += after.get(w).backendRequests() - before.get(w).backendRequests();
                maxOwned = Math.max(maxOwned, after.get(w).owned());
                owned += after.get(w).owned();
            }
            double seconds = (t1 - t0) / 1e9;
            double opsPerRun = runs == 0 ? Double.NaN : (double) requests / runs;
            out.printf(
                    "  task runs/s (%d periods)          %12.0f   (%d runs in %.1f s; %.3f of the %d/s asked)%n",
                    steadyPeriods,
                    runs / seconds,
                    runs,
                    seconds,
                    runs / seconds / (TASKS * 1000.0 / periodMs),
                    TASKS * 1000 / periodMs);
            BenchOutput.result(
                    out,
                    "figure",
                    "figure",
                    "task runs per second",
                    "value",
                    BenchOutput.round3(runs / seconds),
                    "runs",
                    runs,
                    "seconds",
                    BenchOutput.round3(seconds),
                    "asked",
                    TASKS * 1000 / periodMs);
            out.printf(
                    "  backend requests per task run     %12.3f   goal <= %.1f  %s%n",
                    opsPerRun, MAX_OPS_PER_RUN, verdict(opsPerRun <= MAX_OPS_PER_RUN));
            BenchOutput.result(
                    out,
                    "figure",
                    "figure",
                    "backend requests per task run",
                    "value",
                    BenchOutput.round3(opsPerRun),
                    "goalAtMost",
                    MAX_OPS_PER_RUN,
                    "met",
                    opsPerRun <= MAX_OPS_PER_RUN);
            double mean = (double) owned / workers.size();
            out.printf(
                    "  busiest worker / mean load        %12.3f   (%d tasks against %.0f)%n",
                    maxOwned / mean, maxOwned, mean);
            BenchOutput.result(
                    out,
                    "figure",
                    "figure",
                    "busiest worker / mean load",
                    "value",
                    BenchOutput.round3(maxOwned / mean),
                    "busiest",
                    maxOwned,
                    "mean",
                    BenchOutput.round3(mean));

            Map<String, String> owners = owners();
            addWorker();
            if (!settled(WORKERS + 1)) {
                out.println("  the 7th worker was not seen within 30 s; no join/leave figures");
                return 1;
            }
            printMoved("join", owners, owners(), TASKS / (double) (WORKERS + 1));
            awaitPeriods(2);
            owners = owners();
            PeriodicScheduler seventh = workers.remove(WORKERS);
            seventh.close();
            if (!settled(WORKERS)) {
                out.println("  the 7th worker's leave was not seen within 30 s; no leave figure");
                return 1;
            }
            printMoved("leave", owners, owners(), TASKS / (double) (WORKERS + 1));
            workers.add(seventh); // closed; still counted in the history checks below

            double competing = CompetingClaims.requestsPerRun(
                    coordinators.subList(0, WORKERS), group + "-competing~" + periodMs, tasks, period, 3);
            out.printf(
                    "  requests per run, competing consumers %8.3f   (every worker claims every task, as ShedLock"
                            + " or Quartz)%n",
                    competing);
            out.printf(
                    "  ours / competing consumers        %12.3f   (requests per run; lower is better)%n",
                    opsPerRun / competing);
            BenchOutput.result(
                    out,
                    "figure",
                    "figure",
                    "requests per run, competing consumers",
                    "value",
                    BenchOutput.round3(competing),
                    "oursOverCompeting",
                    BenchOutput.round3(opsPerRun / competing));

            int duplicates = history.duplicates().size();
            int misses = history.misses(tasks, from, to, p -> false).size();
            out.printf(
                    "  duplicates / misses (steady phase) %5d / %d   must be 0  %s%n",
                    duplicates, misses, verdict(duplicates == 0 && misses == 0));
            BenchOutput.result(
                    out,
                    "figure",
                    "figure",
                    "duplicates / misses (steady phase)",
                    "duplicates",
                    duplicates,
                    "misses",
                    misses,
                    "met",
                    duplicates == 0 && misses == 0);
            return duplicates == 0 ? 0 : 1;
        } finally {
            workers.forEach(PeriodicScheduler::close);
            coordinators.forEach(Coordinator::close);
        }
    }

    private void addWorker() {
        Coordinator c = Coordinator.builder(url)
                .memberId("bench-" + (coordinators.size() + 1) + "-" + suffix)
                .build();
        coordinators.add(c);
        c.start();
        TaskAction sleep = run -> {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        PeriodicScheduler s = PeriodicScheduler.builder(c, group)
                .tasks(() -> tasks, period, sleep)
                .threads(THREADS)
                .listener(history)
                .build();
        workers.add(s);
        s.start();
    }

    private void printMoved(String what, Map<String, String> before, Map<String, String> after, double ideal) {
        int moved = 0;
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                moved++;
            }
        }
        out.printf(
                "  tasks moved on a %-5s             %12d   ideal %.0f, ratio %.3f, goal <= %.1f  %s%n",
                what, moved, ideal, moved / ideal, MAX_MOVED_RATIO, verdict(moved <= MAX_MOVED_RATIO * ideal));
        BenchOutput.result(
                out,
                "figure",
                "figure",
                "tasks moved on a " + what,
                "value",
                moved,
                "ideal",
                BenchOutput.round3(ideal),
                "ratio",
                BenchOutput.round3(moved / ideal),
                "goalRatioAtMost",
                MAX_MOVED_RATIO,
                "met",
                moved <= MAX_MOVED_RATIO * ideal);
    }

    private Map<String, String> owners() {
        Map<String, String> out = new HashMap<>();
        workers.get(0).tasks().forEach((t, s) -> out.put(t, s.owner()));
        return out;
    }

    private Map<PeriodicScheduler, WorkerStats> snapshot() {
        Map<PeriodicScheduler, WorkerStats> out = new HashMap<>();
        workers.forEach(w -> out.put(w, w.stats()));
        return out;
    }

    /** Whether every running worker (and the first one's assignment) sees exactly the {@code n} first workers. */
    private boolean settled(int n) {
        Set<String> ids = new HashSet<>();
        workers.subList(0, n).forEach(w -> ids.add(w.memberId()));
        return waitUntil(
                () -> workers.subList(0, n).stream()
                                .allMatch(w -> w.members().keySet().equals(ids))
                        && new HashSet<>(owners().values()).equals(ids),
                Duration.ofSeconds(30).plus(period.multipliedBy(3)));
    }

    private void awaitPeriods(int n) {
        long target = (periodNow() + n) * period.toMillis() + period.toMillis() / 2;
        waitUntil(() -> System.currentTimeMillis() >= target, period.multipliedBy(n + 1));
    }

    private long periodNow() {
        return Math.floorDiv(System.currentTimeMillis(), period.toMillis());
    }

    private static boolean waitUntil(BooleanSupplier done, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static String verdict(boolean pass) {
        return BenchRounds.verdict(pass);
    }
}
