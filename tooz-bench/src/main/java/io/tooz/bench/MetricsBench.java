package io.tooz.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.bench.BenchRounds.Variant;
import io.tooz.micrometer.ToozMetrics;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * {@code tooz bench metrics --url URL}: what observing costs. The plain lock's {@code acquire()} + {@code release()}
 * on a coordinator without observers, and on one with a {@link ToozMetrics} bound to a registry (every acquisition,
 * hold, and backend call recorded), in one run of interleaved rounds, each on a lock of its own. Goal: with metrics at
 * least {@value #TARGET} times the rate without. One client, one operation at a time, uncontended; on {@code memory://}
 * there is no round trip to hide the observer's own cost, so the ratio there is the lowest it gets (the worst case).
 */
final class MetricsBench {
    private static final int ROUNDS = 15;
    private static final double TARGET = 0.97;

    private MetricsBench() {}

    static int run(String url, Duration duration, PrintStream out) {
        long started = System.nanoTime();
        BenchBudget budget = new BenchBudget(started, duration).phase(BenchRounds.ROUNDS_PHASE, 0.85);
        String scheme = ConnectionUrl.parse(url).scheme();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String shown = ConnectionUrl.redact(url);
        out.printf(
                "tooz metrics benchmark on %s: the lock without observers against the lock with ToozMetrics%n", shown);
        BenchOutput.benchmark(out, scheme, shown, "", budget);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ToozMetrics metrics = ToozMetrics.forUrl(url);
        metrics.bindTo(registry);
        try (Coordinator plain =
                        Coordinator.builder(url).memberId("bench-plain-" + tag).build();
                Coordinator observed = Coordinator.builder(url)
                        .memberId("bench-observed-" + tag)
                        .observer(metrics)
                        .build()) {
            plain.start();
            observed.start();
            DistributedLock without = plain.getLock("bench-metrics-plain-" + tag);
            DistributedLock with = observed.getLock("bench-metrics-observed-" + tag);
            List<Variant> variants = List.of(
                    new Variant("tooz lock acquire() + release(), no observer", () -> without.acquire()
                            .release()),
                    new Variant("tooz lock acquire() + release(), ToozMetrics bound", () -> with.acquire()
                            .release()));
            BenchRounds.Table table =
                    BenchRounds.interleaved(out, variants, budget.nanos(BenchRounds.ROUNDS_PHASE), ROUNDS);
            boolean met = BenchRounds.ratio(out, "with metrics / without", table.med(), table.rates(), 1, 0, TARGET);
            double recorded = registry.find("tooz.lock.acquire").timers().stream()
                    .mapToLong(t -> t.count())
                    .sum();
            out.printf(
                    "  ToozMetrics recorded %,.0f acquisitions (tooz.lock.acquire) and %,.0f backend calls"
                            + " (tooz.backend.request)%n",
                    recorded, (double) registry.find("tooz.backend.request").timers().stream()
                            .mapToLong(t -> t.count())
                            .sum());
            BenchOutput.printGoals(out, List.of(met), String.format("with metrics >= %.2fx without", TARGET), budget);
            return 0;
        }
    }
}
