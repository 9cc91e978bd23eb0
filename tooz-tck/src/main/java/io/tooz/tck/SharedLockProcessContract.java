package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Feature;
import io.tooz.junit.internal.Sockets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Read-write locks and semaphores held from several processes: three {@link ContenderProcess}es take one primitive
 * over and over for a few seconds (20 to 150 ms each time), and the {@link LockHistory} they report must be safe
 * ({@link LockHistory#assertSafe()}: never a writer overlapping anyone, never more holders than permits, tokens in
 * order, no write a fenced store would reject) and show the primitive shared: readers together at least once, all
 * permits in use at least once, every process granted.
 *
 * <p>No faults: {@link NemesisContract} adds them for locks. Opt-in per driver as it starts JVMs ({@link
 * Offer#WORKER_PROCESS}); each test runs until it has seen what it needs, at most {@link #contentionTimeout()}.
 */
@Needs(features = Feature.SHARED_LOCKS, offers = Offer.WORKER_PROCESS)
public interface SharedLockProcessContract extends ContractSupport {

    /** How long the contenders run at most once the first is granted: 10 s by default; most runs need 2 to 3. */
    default Duration contentionTimeout() {
        return Duration.ofSeconds(10);
    }

    @Test
    default void readersShareAndWritersExcludeEveryoneAcrossProcesses() throws Exception {
        LockHistoryReport r = contend(
                ContenderProcess.READ_OR_WRITE_PREFIX + randomLockName(),
                s -> s.sharedGrants() >= 3 && s.grants() - s.sharedGrants() >= 3 && s.mostHeldAtOnce() >= 2);
        assertThat(r.sharedGrants()).as("reads").isGreaterThanOrEqualTo(3);
        assertThat(r.grants() - r.sharedGrants()).as("writes").isGreaterThanOrEqualTo(3);
        assertThat(r.mostHeldAtOnce()).as("the most readers at once").isGreaterThanOrEqualTo(2);
    }

    @Test
    default void atMostPermitsHoldersAcrossProcesses() throws Exception {
        LockHistoryReport r = contend(
                ContenderProcess.permitsPrefix(2) + randomLockName(), s -> s.grants() >= 10 && s.mostHeldAtOnce() == 2);
        assertThat(r.grants()).as("permits granted").isGreaterThanOrEqualTo(10);
        assertThat(r.mostHeldAtOnce()).as("the most permits held at once").isEqualTo(2);
    }

    /**
     * Runs three contenders for {@code target} until the history so far meets {@code enough} or {@link
     * #contentionTimeout()} passed, then stops them; checks that the history is safe, that every process was granted
     * and none reported an error after its first grant, and returns its report.
     */
    @SuppressWarnings("try") // NemesisRun.close() may be interrupted; this method declares it
    private LockHistoryReport contend(String target, Predicate<LockHistoryReport> enough) throws Exception {
        ContenderProcess.Plan plan =
                new ContenderProcess.Plan(target, Duration.ofMillis(20), Duration.ofMillis(150), false);
        NemesisRun run = new NemesisRun(
                a -> Sockets.urlVia(fixture().url(), backendAddress(), a),
                fixture().options(),
                backendAddress(),
                plan,
                0L);
        List<String> contenders;
        long started = System.nanoTime();
        try (run) {
            run.startContenders(3);
            await(Duration.ofSeconds(30))
                    .alias("a first grant to a contender process (logs in " + run.logs() + ")")
                    .until(() -> run.history().grantCount() > 0);
            long granted = System.nanoTime();
            long end = granted + contentionTimeout().toNanos();
            while (!enough.test(run.history().check()) && System.nanoTime() - end < 0) {
                Thread.sleep(100);
            }
            System.out.printf(
                    Locale.ROOT,
                    "[shared-locks] %s: first grant %d ms after the start, then %d ms of contention%n",
                    target,
                    TimeUnit.NANOSECONDS.toMillis(granted - started),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - granted));
        } finally {
            contenders = run.contenderLines();
        }
        String logs = "; contenders: " + String.join(", ", contenders);
        LockHistoryReport report;
        try {
            report = run.history().assertSafe();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + logs, e);
        }
        assertThat(run.history().events().stream()
                        .filter(e -> e.kind() == LockHistory.Kind.GRANT)
                        .map(LockHistory.Event::process)
                        .distinct())
                .as("the processes granted%s", logs)
                .hasSize(3);
        // every process was granted (above), so a start that timed out in a cold JVM was retried; from then on, none
        assertThat(run.slots())
                .as("contenders that reported errors after their first grant%s", logs)
                .allMatch(s -> s.process.errorsAfterFirstGrant() == 0);
        report.summary().forEach(line -> System.out.println("[shared-locks] " + line));
        return report;
    }
}
