package io.tooz.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task source that throws, on memory://: the worker reads it again at growing intervals, logs the failure once,
 * counts every failed read in its stats, says when the source works again, and then runs the tasks. slf4j-simple
 * writes to whatever {@code System.err} is when it logs, so the test reads the log there.
 */
class TaskSourceFailureTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream stderr;
    private Coordinator coordinator;

    @BeforeEach
    void captureLog() {
        stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        coordinator =
                Coordinator.builder("memory://source-" + UUID.randomUUID()).build();
        coordinator.start();
    }

    @AfterEach
    void restore() {
        coordinator.close();
        System.setErr(stderr);
        stderr.print(log.toString(StandardCharsets.UTF_8));
    }

    private int count(String text) {
        Matcher m = Pattern.compile(Pattern.quote(text)).matcher(log.toString(StandardCharsets.UTF_8));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aThrowingSourceIsReadAgainAtGrowingIntervalsLoggedOnceAndCounted() throws Exception {
        String failure = "the inventory database is down " + UUID.randomUUID();
        AtomicBoolean broken = new AtomicBoolean(true);
        List<TaskRun> runs = new CopyOnWriteArrayList<>();
        PeriodicScheduler s = PeriodicScheduler.builder(coordinator, "g")
                .tasks(
                        () -> {
                            if (broken.get()) {
                                throw new IllegalStateException(failure);
                            }
                            return List.of("a", "b");
                        },
                        Duration.ofMillis(400),
                        runs::add)
                .build();
        s.start();
        Thread.sleep(2_000);
        long failed = s.stats().sourceFailures();
        // without back-off it was read every 100 ms (20 times); now about once a period after three quick retries
        assertThat(failed).isBetween(3L, 14L);
        assertThat(runs).isEmpty();
        assertThat(count("java.lang.IllegalStateException: " + failure))
                .as("one stack trace for %s failures", failed)
                .isEqualTo(1);
        assertThat(count("ERROR")).isEqualTo(1);
        assertThat(count("reading the task source of the 400 ms tasks of group g (worker "))
                .isEqualTo(1);

        broken.set(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (runs.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(runs).extracting(TaskRun::taskId).contains("a", "b");
        assertThat(count("works again after")).isEqualTo(1);
        assertThat(s.stats().sourceFailures()).isGreaterThanOrEqualTo(failed);
        s.close();
    }

    @Test
    void aClosedSchedulerSaysItIsClosedWhenStarted() {
        PeriodicScheduler s = PeriodicScheduler.builder(coordinator, "g")
                .task("t", Duration.ofSeconds(1), run -> {})
                .build();
        s.start();
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
        s.close();
        assertThatThrownBy(s::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scheduler of group g is closed")
                .hasMessageContaining("build a new one");

        PeriodicScheduler never = PeriodicScheduler.builder(coordinator, "g")
                .task("t", Duration.ofSeconds(1), run -> {})
                .build();
        never.close();
        assertThatThrownBy(never::start).hasMessageContaining("is closed");
    }
}
