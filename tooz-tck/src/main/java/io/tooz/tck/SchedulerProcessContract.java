package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.internal.hooks.RunHistory;
import io.tooz.junit.BlackHoleProxy;
import io.tooz.junit.internal.Sockets;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.schedule.TaskRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Periodic tasks with a worker in a process of its own, reaching the backend through a {@link BlackHoleProxy}, that
 * is frozen with {@code SIGSTOP} past its membership's expiry and thawed, then cut off by a partition past that
 * expiry and healed, and finally killed with {@code SIGKILL}: its runs and those of two in-process workers never
 * repeat a {@code (task, period)}, none is missed outside the failure-detection windows, and the worker works again
 * after the thaw and after the heal. Opt-in per driver, as it starts a JVM: {@link Offer#WORKER_PROCESS}.
 */
@Needs(features = Feature.PERIODIC_TASKS, offers = Offer.WORKER_PROCESS)
public interface SchedulerProcessContract extends ContractSupport {

    @Test
    @SuppressWarnings("try") // WorkerProcess.close() may be interrupted; this test declares it
    default void aFrozenPartitionedThenKilledWorkerProcessNeverRepeatsAPeriod() throws Exception {
        Duration period = Duration.ofMillis(500);
        String group = randomGroupId();
        List<String> tasks = IntStream.range(0, 30).mapToObj(i -> "task-" + i).toList();
        RunHistory history = new RunHistory();
        PeriodicScheduler observer = inProcessWorker(group, tasks, period, history);
        inProcessWorker(group, tasks, period, history);
        Path log = Files.createTempFile("tooz-worker-process", ".log");
        String proc = "proc-" + randomMemberId();
        BlackHoleProxy proxy = track(BlackHoleProxy.start(backendAddress()));
        String url = Sockets.urlVia(fixture().url(), backendAddress(), proxy.address());
        try (WorkerProcess worker =
                WorkerProcess.start(url, fixture().options(), proc, group, tasks.size(), period, log)) {
            await(Duration.ofSeconds(30))
                    .until(() -> observer.members().containsKey(proc)
                            && !worker.runs().isEmpty());
            await().until(() -> observer.stats().periods() >= 2);
            long from = periodNow(period) + 1;
            Thread.sleep(period.toMillis() * 3);

            long stopAt = periodNow(period);
            worker.signal("STOP");
            await(expiryTimeout().plus(eventTimeout()))
                    .until(() -> !observer.members().containsKey(proc));
            Thread.sleep(period.toMillis() * 2);
            worker.signal("CONT");
            await(expiryTimeout().plus(eventTimeout()))
                    .until(() -> observer.members().containsKey(proc));
            long thawed = periodNow(period);
            Thread.sleep(period.toMillis() * 4);

            long cutAt = periodNow(period);
            proxy.partition();
            await(expiryTimeout().plus(eventTimeout()))
                    .until(() -> !observer.members().containsKey(proc));
            Thread.sleep(period.toMillis() * 2);
            proxy.heal();
            await(expiryTimeout().plus(eventTimeout()))
                    .until(() -> observer.members().containsKey(proc));
            long healed = periodNow(period);
            await(expiryTimeout().plus(eventTimeout()))
                    .until(() -> worker.runs().stream().anyMatch(r -> r.period() > healed));
            Thread.sleep(period.toMillis() * 2);

            long killAt = periodNow(period);
            worker.signal("KILL");
            await(expiryTimeout().plus(eventTimeout()))
                    .until(() -> !observer.members().containsKey(proc));
            long killSeen = periodNow(period);
            Thread.sleep(period.toMillis() * 3);
            long to = periodNow(period) - 1;

            List<TaskRun> procRuns = worker.runs();
            procRuns.forEach(r -> history.onRun(r, Duration.ZERO, null));
            LongPredicate excused = p -> (p >= stopAt - 1 && p <= thawed + 1)
                    || (p >= cutAt - 1 && p <= healed + 1)
                    || (p >= killAt - 1 && p <= killSeen + 1);
            assertThat(history.duplicates())
                    .as("(task, period)s run twice; worker log " + log)
                    .isEmpty();
            assertThat(history.misses(tasks, from, to, excused))
                    .as("missed (task, period)s")
                    .isEmpty();
            assertThat(history.tokenOrderViolations()).isEmpty();
            assertThat(procRuns)
                    .as("the thawed process worked again")
                    .anyMatch(r -> r.period() > thawed && r.period() < cutAt);
            assertThat(procRuns).as("the healed process worked again").anyMatch(r -> r.period() > healed);
        }
    }

    private PeriodicScheduler inProcessWorker(String group, List<String> tasks, Duration period, RunHistory history) {
        Coordinator c = newCoordinator();
        PeriodicScheduler s = PeriodicScheduler.builder(c, group)
                .tasks(() -> tasks, period, run -> {})
                .listener(history)
                .build();
        track(s);
        s.start();
        return s;
    }

    private static long periodNow(Duration period) {
        return Math.floorDiv(System.currentTimeMillis(), period.toMillis());
    }
}
