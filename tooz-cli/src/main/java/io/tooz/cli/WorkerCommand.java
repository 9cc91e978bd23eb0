package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.schedule.TaskStatus;
import io.tooz.schedule.WorkerStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One worker of the demo's scenario, so that several processes (terminals) share the probes. */
@Command(
        name = "worker",
        description = {
            "Run one worker of the demo's scenario until Ctrl-C (or --for elapses): --tasks reachability probes of"
                    + " 127.0.0.1, 127.0.0.2, ... every --period, shared with every worker of --group on --url. Start"
                    + " several, in several terminals, with the same --group, --tasks and --period.",
            "Prints a line per period, headed by the local time the period started (tasks owned, runs, skipped,"
                    + " failed, members); on exit it leaves the group and prints a line per task: owner, the start of"
                    + " the period of its last run here and how long that run took, failed.",
            "With --json, one JSON object a line: {\"event\":\"period\",...} then {\"event\":\"stopped\",\"tasks\":[...]}."
        })
final class WorkerCommand extends CoordinatorCommand {

    @Option(names = "--group", paramLabel = "GROUP", required = true, description = "The workers' group.")
    String group;

    @Mixin
    ProbeOptions probe;

    @Mixin
    RunFor runFor;

    @Override
    public Integer call() {
        ProbeTasks probes = probe.probes();
        Duration period = probe.period;
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        done.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "tooz-worker-shutdown");
        try (Coordinator c = open()) {
            PeriodicScheduler s = PeriodicScheduler.builder(c, group)
                    .tasks(probes::ids, period, probes)
                    .threads(DemoFleet.THREADS)
                    .build();
            s.start();
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                serve(s, stop);
            } finally {
                s.close();
                printTasks(s);
            }
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return ExitCodes.OK;
    }

    private void serve(PeriodicScheduler s, CountDownLatch stop) {
        long p = probe.period.toMillis();
        long deadline =
                runFor.duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + runFor.duration.toMillis();
        try {
            while (true) {
                long now = System.currentTimeMillis();
                long next = (Math.floorDiv(now - p * 7 / 10, p) + 1) * p + p * 7 / 10;
                long wait = Math.min(next, deadline) - now;
                if (wait > 0 && stop.await(wait, TimeUnit.MILLISECONDS) || System.currentTimeMillis() >= deadline) {
                    return;
                }
                printPeriod(s, Math.floorDiv(System.currentTimeMillis(), p));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void printPeriod(PeriodicScheduler s, long number) {
        WorkerStats st = s.stats();
        int members = s.members().size();
        if (json()) {
            String start = PeriodTime.start(number, probe.period).toString();
            Map<String, Object> row = Json.object("event", "period", "period", number, "periodStart", start);
            row.put("member", s.memberId());
            row.put("owned", st.owned());
            row.putAll(counts(st));
            row.put("members", members);
            println(Json.write(row));
        } else {
            println(String.format(
                    Locale.ROOT,
                    "period %s  %s: owned %d  run %d  skipped %d  taken %d  failed %d  members %d",
                    PeriodTime.local(number, probe.period),
                    s.memberId(),
                    st.owned(),
                    st.run(),
                    st.skipped(),
                    st.taken(),
                    st.failed(),
                    members));
        }
    }

    /** A worker's runs, skipped, taken and failed tasks, as JSON fields. */
    private static Map<String, Object> counts(WorkerStats st) {
        return Json.object("run", st.run(), "skipped", st.skipped(), "taken", st.taken(), "failed", st.failed());
    }

    private void printTasks(PeriodicScheduler s) {
        List<Object> rows = new ArrayList<>();
        if (!json()) {
            println(String.format(
                    Locale.ROOT, "%-15s %-24s %12s %10s %s", "task", "owner", "last run", "took ms", "failed"));
        }
        for (TaskStatus t : s.tasks().values()) {
            String last = t.lastRun()
                    .map(r -> PeriodTime.local(r.periodStart(), r.periodLength()))
                    .orElse("-");
            String took = t.lastDuration()
                    .map(d -> String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e6))
                    .orElse("-");
            if (json()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("task", t.taskId());
                row.put("owner", t.owner());
                row.put("lastPeriod", t.lastRun().map(r -> (Object) r.period()).orElse(null));
                row.put(
                        "lastPeriodStart",
                        t.lastRun()
                                .map(r -> (Object) r.periodStart().toString())
                                .orElse(null));
                row.put(
                        "tookMs",
                        t.lastDuration().map(d -> (Object) (d.toNanos() / 1e6)).orElse(null));
                row.put("failed", t.lastFailed());
                rows.add(row);
            } else {
                println(String.format(
                        Locale.ROOT, "%-15s %-24s %12s %10s %s", t.taskId(), t.owner(), last, took, t.lastFailed()));
            }
        }
        WorkerStats st = s.stats();
        if (json()) {
            Map<String, Object> end = Json.object("event", "stopped", "member", s.memberId());
            end.putAll(counts(st));
            end.put("tasks", rows);
            println(Json.write(end));
        } else {
            println(s.memberId() + " left " + group + " after " + st.run() + " runs (" + st.skipped() + " skipped, "
                    + st.taken() + " taken by others, " + st.failed() + " failed)");
        }
    }
}
