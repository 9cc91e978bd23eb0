package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code tooz demo}: a shortened scenario end to end, checked through its JSON summary. */
class DemoCommandTest {
    private static final String[] SHORT = {
        "demo", "--tasks", "40", "--period", "500ms", "--phase-periods", "2", "-o", "timeout=2s", "--json"
    };

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shortScenarioOnTheEmbeddedZooKeeper() {
        Map<?, ?> summary = runClean(SHORT);
        assertThat((String) summary.get("url")).startsWith("zookeeper://127.0.0.1:");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shortScenarioOnMemory() {
        String url = Cli.uniqueUrl();
        String[] args = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(SHORT), java.util.stream.Stream.of("--url", url))
                .toArray(String[]::new);
        Map<?, ?> summary = runClean(args);
        assertThat(summary.get("url")).isEqualTo(url);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theTextShowsPeriodsAsTheirLocalStartTimes() {
        Cli.Result r = Cli.run(
                "demo",
                "--tasks",
                "20",
                "--period",
                "500ms",
                "--phase-periods",
                "1",
                "-o",
                "timeout=1s",
                "--url",
                Cli.uniqueUrl());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^period " + WorkerCommandTest.TIME + "  \\(\\d workers")
                .containsPattern("\\d+ runs in the \\d+ periods from " + WorkerCommandTest.TIME + " to "
                        + WorkerCommandTest.TIME)
                .containsPattern("failure-detection window " + WorkerCommandTest.TIME + "\\.\\."
                        + WorkerCommandTest.TIME + " \\(\\d+ periods")
                .doesNotContainPattern("period \\d{6,}");
    }

    /** The README's first command, as it is: the issue asks it to end on its own within 90 s, clean. */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theDefaultDemoEndsOnItsOwnWithin90SecondsClean() {
        Map<?, ?> summary = runClean("demo", "--json");
        assertThat(((Map<?, ?>) summary.get("scenario")).get("tasks")).isEqualTo(254L);
        assertThat((Long) summary.get("elapsedMs")).as("the issue's bound").isLessThan(90_000L);
    }

    @Test
    void badShapeIsAUsageError() {
        Cli.Result r = Cli.run("demo", "--tasks", "0");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--tasks must be 1..");
        assertThat(Cli.run("demo", "--period", "50ms").err()).contains("--period must be at least 100ms");
        assertThat(Cli.run("demo", "--workers", "0").exit()).isEqualTo(2);
    }

    private static Map<?, ?> runClean(String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines()).as(r.toString()).hasSize(1);
        Map<?, ?> s = (Map<?, ?>) Json.parse(r.out().strip());
        assertThat(s.get("duplicates")).as(r.out()).isEqualTo(0L);
        assertThat(s.get("misses")).as(r.out()).isEqualTo(0L);
        assertThat(s.get("tokenOrderViolations")).isEqualTo(0L);
        assertThat((Long) s.get("runs")).isPositive();
        List<?> phases = (List<?>) s.get("phases");
        assertThat(phases.stream().map(p -> (Object) ((Map<?, ?>) p).get("workers")))
                .containsExactly(3L, 6L, 3L, 2L);
        List<?> changes = (List<?>) s.get("changes");
        assertThat(changes).hasSize(3);
        for (Object c : changes) {
            Map<?, ?> m = (Map<?, ?>) c;
            assertThat(m.keySet().stream().map(String::valueOf)).contains("moved", "ideal", "ratio");
            assertThat((Long) m.get("moved")).as(m.toString()).isPositive();
            assertThat((Double) m.get("ratio")).as(m.toString()).isLessThan(2.0);
        }
        Map<?, ?> window = (Map<?, ?>) s.get("detectionWindow");
        assertThat(window.get("killed")).isEqualTo("w3");
        assertThat((Long) window.get("toPeriod")).isGreaterThan((Long) window.get("fromPeriod"));
        List<?> workers = (List<?>) s.get("workers");
        assertThat(workers.stream().map(w -> (Object) ((Map<?, ?>) w).get("state")))
                .containsExactly("left", "left", "killed", "left", "left", "left");
        assertThat((Long) ((Map<?, ?>) s.get("probes")).get("up")).isPositive();
        return s;
    }
}
