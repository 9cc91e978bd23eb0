package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.embedded.zookeeper.EmbeddedZooKeeper;
import io.tooz.spi.ConnectionUrl;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The periodic-task walkthrough: workers probing loopback addresses share the tasks through {@code
 * io.tooz.schedule.PeriodicScheduler} while workers join, leave and die; a live table per period and a summary.
 */
@Command(
        name = "demo",
        description = {
            "Periodic tasks on a fleet of workers: --tasks reachability probes of 127.0.0.1, 127.0.0.2, ... every"
                    + " --period, shared by --workers workers (each its own coordinator and session), then twice as"
                    + " many, then back, then one killed without leaving (its session just dies).",
            "Prints a table per period (tasks, runs, skipped and failed per worker; tasks moved at the last change"
                    + " against the ideal; runs, duplicates, misses) and a summary; --json prints only the summary.",
            "Without --url it starts an embedded ZooKeeper server in this process. Driver option 'timeout' (the"
                    + " session timeout or TTL) is 4s unless given; misses are counted outside the stated"
                    + " failure-detection window. Exit 1 if any (task, period) ran twice or was missed."
        })
final class DemoCommand extends CoordinatorCommand {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(4);

    @Option(names = "--workers", paramLabel = "N", defaultValue = "3", description = "Workers at first (default: 3).")
    int workers;

    @Mixin
    ProbeOptions probe;

    @Option(
            names = "--phase-periods",
            paramLabel = "N",
            defaultValue = "4",
            description = "Periods to run between changes (default: 4).")
    int phasePeriods;

    @Override
    public Integer call() {
        if (workers < 1 || workers > 100) {
            throw new ParameterException(spec.commandLine(), "--workers must be 1..100, got " + workers);
        }
        if (phasePeriods < 1 || phasePeriods > 100) {
            throw new ParameterException(spec.commandLine(), "--phase-periods must be 1..100, got " + phasePeriods);
        }
        ProbeTasks probes = probe.probes();
        if (options().urlGiven()) {
            return run(options().url(), probes);
        }
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.onFreePort().start()) {
            return run(zk.url(), probes);
        }
    }

    private int run(String url, ProbeTasks probes) {
        Duration period = probe.period;
        long started = System.nanoTime();
        String suffix = "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        String group = "tooz-demo" + suffix;
        Duration timeout = sessionTimeout(url, options().options());
        DemoFleet fleet = new DemoFleet(id -> builder(url, id, timeout), group, suffix, probes, period);
        DemoTable table = new DemoTable(fleet, line -> {
            if (!json()) {
                println(line);
            }
        });
        DemoScenario scenario = new DemoScenario(
                fleet,
                new DemoScenario.Shape(workers, probes.ids().size(), period, phasePeriods),
                timeout,
                table::print);
        table.attach(scenario);
        if (!json()) {
            println("tooz demo on " + ConnectionUrl.redact(url) + ": "
                    + probes.ids().size() + " probe tasks every "
                    + period.toMillis() + " ms in group " + group + "; " + workers + " workers, then " + 2 * workers
                    + ", then " + workers + ", then one killed (timeout " + timeout.toMillis() + " ms)");
        }
        long to;
        try (fleet) {
            to = scenario.run();
        }
        DemoSummary summary = new DemoSummary(
                url, group, timeout, scenario, fleet, probes, to, Duration.ofNanos(System.nanoTime() - started));
        if (json()) {
            println(Json.write(summary.json));
        } else {
            summary.text().forEach(this::println);
        }
        return summary.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private CoordinatorBuilder builder(String url, String memberId, Duration timeout) {
        CoordinatorBuilder b = Coordinator.builder(url).memberId(memberId);
        b.option("timeout", timeout.toMillis() + "ms");
        options().options().forEach(b::option);
        return b;
    }

    /** The driver's {@code timeout} as given by {@code -o} or the URL's query, else {@link #DEFAULT_TIMEOUT}. */
    static Duration sessionTimeout(String url, Map<String, String> options) {
        String given = options.get("timeout");
        if (given == null) {
            List<String> q = ConnectionUrl.parse(url).query().get("timeout");
            given = q == null || q.isEmpty() ? null : q.get(q.size() - 1);
        }
        return given == null ? DEFAULT_TIMEOUT : DurationConverter.parse(given);
    }
}
