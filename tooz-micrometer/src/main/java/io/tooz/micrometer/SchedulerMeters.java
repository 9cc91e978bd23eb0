package io.tooz.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.schedule.WorkerStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler meters of {@link ToozMetrics}: counters read from each scheduler's {@link WorkerStats} when the
 * registry is read (summed over the bound schedulers of a group), and a run-duration timer fed by a run listener.
 */
final class SchedulerMeters {
    private final List<RegistryMeters> bound;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    /** The bound schedulers of one group. */
    private static final class Group {
        final String name;
        final List<PeriodicScheduler> schedulers = new CopyOnWriteArrayList<>();

        Group(String name) {
            this.name = name;
        }

        double sum(ToLongFunction<WorkerStats> counter) {
            long total = 0;
            for (PeriodicScheduler s : schedulers) {
                total += counter.applyAsLong(s.stats());
            }
            return total;
        }
    }

    SchedulerMeters(List<RegistryMeters> bound) {
        this.bound = bound;
    }

    synchronized void add(PeriodicScheduler scheduler) {
        String name = scheduler.groupId();
        scheduler.addListener((run, took, failure) -> recordRun(name, took, failure));
        Group g = groups.get(name);
        if (g == null) {
            g = new Group(name);
            groups.put(name, g);
            for (RegistryMeters r : bound) {
                register(r, g);
            }
        }
        g.schedulers.add(scheduler);
    }

    synchronized void bind(RegistryMeters r) {
        groups.values().forEach(g -> register(r, g));
    }

    private void recordRun(String group, Duration took, @Nullable Throwable failure) {
        RegistryMeters.Key key = new RegistryMeters.Key("run", group, failure == null ? "success" : "error", "");
        bound.forEach(r -> r.time(key, took, SchedulerMeters::runTimer));
    }

    private static Timer.Builder runTimer(RegistryMeters.Key k) {
        return Timer.builder("tooz.scheduler.run.duration")
                .description("How long this worker's runs of scheduled tasks took")
                .tag("group", (String) k.a())
                .tag("outcome", (String) k.b());
    }

    private static void register(RegistryMeters r, Group g) {
        counter(r, g, "tooz.scheduler.runs", "Runs of scheduled tasks that ended normally", WorkerStats::run);
        counter(r, g, "tooz.scheduler.failed", "Runs of scheduled tasks that threw", WorkerStats::failed);
        counter(
                r,
                g,
                "tooz.scheduler.skipped",
                "Owned (task, period)s that this worker could not run in their period",
                WorkerStats::skipped);
        counter(r, g, "tooz.scheduler.late", "Missed periods run late (RUN_ONCE_LATE)", WorkerStats::late);
        counter(
                r,
                g,
                "tooz.scheduler.taken",
                "Owned (task, period)s found claimed by another worker during a hand-over",
                WorkerStats::taken);
        counter(r, g, "tooz.scheduler.claims", "(task, period)s this worker claimed", WorkerStats::claimed);
        Gauge.builder("tooz.scheduler.owned", g, x -> x.sum(WorkerStats::owned))
                .description("Tasks the current assignment gives this process's workers")
                .tags(r.common)
                .tag("group", g.name)
                .strongReference(true)
                .register(r.registry);
    }

    private static void counter(
            RegistryMeters r, Group g, String name, String description, ToLongFunction<WorkerStats> value) {
        FunctionCounter.builder(name, g, x -> x.sum(value))
                .description(description)
                .tags(r.common)
                .tag("group", g.name)
                .register(r.registry); // holds g weakly; this class holds it for as long as it lives
    }
}
