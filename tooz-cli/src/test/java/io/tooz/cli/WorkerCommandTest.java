package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code tooz worker} and {@code tooz bench scheduler}'s command-line plumbing. */
class WorkerCommandTest {
    /** A period's start, local time, to the millisecond for periods that are not whole seconds. */
    static final String TIME = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void runsPeriodsThenLeavesAndPrintsTheTasks() {
        String url = Cli.uniqueUrl();
        Cli.Result r = Cli.run(
                "worker",
                "--url",
                url,
                "--group",
                "probes",
                "--member-id",
                "w1",
                "--tasks",
                "5",
                "--period",
                "200ms",
                "--for",
                "1500ms");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^period " + TIME + "  w1: owned 5  run \\d+  skipped \\d+  taken \\d+  failed 0"
                        + "  members 1$")
                .containsPattern("127\\.0\\.0\\.5 +w1 +" + TIME + " +\\d+\\.\\d +false")
                .contains("w1 left probes after");
        Cli.Result groups = Cli.run("members", "probes", "--url", url);
        assertThat(groups.out()).isEmpty();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void jsonEndsWithTheTasks() {
        Cli.Result r = Cli.run(
                "worker",
                "--url",
                Cli.uniqueUrl(),
                "--group",
                "probes",
                "--tasks",
                "3",
                "--period",
                "200ms",
                "--for",
                "1s",
                "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        Map<?, ?> last = (Map<?, ?>) Json.parse(lines.get(lines.size() - 1));
        assertThat(last.get("event")).isEqualTo("stopped");
        assertThat((List<?>) last.get("tasks")).hasSize(3);
        Map<?, ?> first = (Map<?, ?>) Json.parse(lines.get(0));
        assertThat(first.get("event")).isEqualTo("period");
        long number = (Long) first.get("period");
        assertThat(first.get("periodStart"))
                .isEqualTo(Instant.ofEpochMilli(number * 200).toString());
    }

    @Test
    void badOptionsAreUsageErrors() {
        Cli.Result noGroup = Cli.run("worker", "--url", Cli.uniqueUrl());
        assertThat(noGroup.exit()).isEqualTo(2);
        assertThat(noGroup.err()).contains("Missing required option: '--group=GROUP'");
        assertThat(Cli.run("worker", "--group", "g", "--tasks", "70000").err()).contains("--tasks must be 1..65024");
        assertThat(Cli.run("worker", "--group", "g", "--period", "10ms").exit()).isEqualTo(2);
    }
}
