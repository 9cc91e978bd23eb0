package io.tooz.driver.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.tck.ContenderProcess;
import io.tooz.tck.LockHistory;
import io.tooz.tck.LockHistoryReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Read-write locks and semaphores held from three processes on one directory, what the TCK's {@code
 * SharedLockProcessContract} checks over a network proxy (which file:// has no use for): the history of their grants
 * must be safe (never a writer overlapping anyone, never more permit holders than permits, tokens in order) and show
 * the primitive shared, every process granted, no error.
 */
@Timeout(120)
@SuppressWarnings("try") // ContenderProcess.close() may be interrupted; the test methods declare it
class FileSharedLockProcessTest {
    private static final Duration CONTENTION = Duration.ofSeconds(15);

    @Test
    void readersShareAndWritersExcludeEveryoneAcrossProcesses() throws Exception {
        LockHistoryReport r = contend(
                ContenderProcess.READ_OR_WRITE_PREFIX + "rw",
                s -> s.sharedGrants() >= 3 && s.grants() - s.sharedGrants() >= 3 && s.mostHeldAtOnce() >= 2);
        assertThat(r.sharedGrants()).as("reads").isGreaterThanOrEqualTo(3);
        assertThat(r.grants() - r.sharedGrants()).as("writes").isGreaterThanOrEqualTo(3);
        assertThat(r.mostHeldAtOnce()).as("the most readers at once").isGreaterThanOrEqualTo(2);
    }

    @Test
    void atMostPermitsHoldersAcrossProcesses() throws Exception {
        LockHistoryReport r =
                contend(ContenderProcess.permitsPrefix(2) + "sem", s -> s.grants() >= 10 && s.mostHeldAtOnce() == 2);
        assertThat(r.grants()).as("permits granted").isGreaterThanOrEqualTo(10);
        assertThat(r.mostHeldAtOnce()).as("the most permits held at once").isEqualTo(2);
    }

    private static LockHistoryReport contend(String target, Predicate<LockHistoryReport> enough) throws Exception {
        Path dir = TempDirs.create("tooz-file-contenders");
        String url = "file://" + dir;
        ContenderProcess.Plan plan =
                new ContenderProcess.Plan(target, Duration.ofMillis(20), Duration.ofMillis(150), false);
        LockHistory history = plan.newHistory();
        List<ContenderProcess> contenders = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Path log = Files.createTempFile("tooz-file-contender-" + i + "-", ".log");
                logs.add(log);
                contenders.add(ContenderProcess.start(
                        url, Map.of("timeout", "2"), "c" + i + "-" + UUID.randomUUID(), plan, history, log));
            }
            await().atMost(Duration.ofSeconds(60))
                    .alias("a first grant (logs in " + logs + ")")
                    .until(() -> history.grantCount() > 0);
            long end = System.nanoTime() + CONTENTION.toNanos();
            while (!enough.test(history.check()) && System.nanoTime() - end < 0) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } finally {
            for (ContenderProcess c : contenders) {
                c.close();
            }
        }
        LockHistoryReport report = history.assertSafe();
        assertThat(history.events().stream()
                        .filter(e -> e.kind() == LockHistory.Kind.GRANT)
                        .map(LockHistory.Event::process)
                        .distinct())
                .as("the processes granted (logs in %s)", logs)
                .hasSize(3);
        assertThat(contenders).as("contenders that reported errors").allMatch(c -> c.errors() == 0);
        for (Path log : logs) {
            Files.deleteIfExists(log);
        }
        TempDirs.remove(dir);
        return report;
    }
}
