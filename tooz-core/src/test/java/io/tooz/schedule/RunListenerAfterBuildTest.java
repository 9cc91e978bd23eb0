package io.tooz.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A listener added to a built scheduler hears every run from then on, beside the builder's; claims are counted. */
class RunListenerAfterBuildTest {

    @Test
    void aListenerAddedLaterHearsRunsAndClaimsAreCounted() throws Exception {
        List<String> builders = new CopyOnWriteArrayList<>();
        List<String> added = new CopyOnWriteArrayList<>();
        try (Coordinator c = Coordinator.builder("memory://listener-" + UUID.randomUUID())
                        .build();
                PeriodicScheduler s = build(c, builders)) {
            c.start();
            s.addListener((run, took, failure) -> added.add(run.taskId() + "@" + run.period()));
            s.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (added.size() < 4 && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertThat(added).hasSizeGreaterThanOrEqualTo(4);
            assertThat(builders).containsAll(added.subList(0, 4));
            WorkerStats stats = s.stats();
            assertThat(stats.claimed()).isGreaterThanOrEqualTo(4).isGreaterThanOrEqualTo(stats.run());
            assertThat(stats.claimed()).isLessThanOrEqualTo(stats.run() + stats.failed() + stats.skipped() + 2);
        }
    }

    private static PeriodicScheduler build(Coordinator c, List<String> heard) {
        return PeriodicScheduler.builder(c, "g")
                .task("a", Duration.ofMillis(200), run -> {})
                .task("b", Duration.ofMillis(200), run -> {})
                .listener((run, took, failure) -> heard.add(run.taskId() + "@" + run.period()))
                .build();
    }
}
