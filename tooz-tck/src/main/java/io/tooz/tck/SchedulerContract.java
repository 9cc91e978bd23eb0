package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.internal.hooks.RunHistory;
import io.tooz.schedule.MissedPeriods;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.schedule.PeriodicSchedulerBuilder;
import io.tooz.schedule.TaskRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Distributed periodic tasks ({@link Feature#PERIODIC_TASKS}): workers of one group share tasks through the hash ring
 * and claim each {@code (task, period)} once. A {@link RunHistory} of {@code (task, period, worker, token)} is
 * recorded from all workers while they join, leave, crash and stall; the checker finds no duplicate, no miss outside
 * the failure-detection windows, and fencing tokens that rise with the periods.
 */
@Needs(features = Feature.PERIODIC_TASKS)
public interface SchedulerContract extends ContractSupport {
    Duration PERIOD = Duration.ofMillis(500);

    /** A started worker of {@code group} on {@code c}, closed (leaving) after the test, before its coordinator. */
    private PeriodicScheduler worker(
            Coordinator c,
            String group,
            List<String> tasks,
            RunHistory history,
            Consumer<PeriodicSchedulerBuilder> more) {
        PeriodicSchedulerBuilder b = PeriodicScheduler.builder(c, group)
                .tasks(() -> tasks, PERIOD, run -> {})
                .listener(history);
        more.accept(b);
        PeriodicScheduler s = b.build();
        track(s);
        s.start();
        return s;
    }

    private PeriodicScheduler worker(
            String group, List<String> tasks, RunHistory history, Consumer<PeriodicSchedulerBuilder> more) {
        return worker(newCoordinator(), group, tasks, history, more);
    }

    private PeriodicScheduler worker(String group, List<String> tasks, RunHistory history) {
        return worker(group, tasks, history, b -> {});
    }

    /** Waits until every worker served a boundary and began the next (a cold JVM can take longer than a period for its first). */
    private void awaitServing(List<PeriodicScheduler> workers) {
        await().until(() -> workers.stream().allMatch(w -> w.stats().periods() >= 2));
    }

    private static long periodNow() {
        return Math.floorDiv(System.currentTimeMillis(), PERIOD.toMillis());
    }

    private static void sleepPeriods(int n) throws InterruptedException {
        Thread.sleep(PERIOD.toMillis() * n);
    }

    private static List<String> tasks(int n) {
        return IntStream.range(0, n).mapToObj(i -> "task-" + i).toList();
    }

    private static void assertClean(RunHistory history, List<String> tasks, long from, long to, LongPredicate excused) {
        assertThat(history.duplicates()).as("(task, period)s run twice").isEmpty();
        assertThat(history.misses(tasks, from, to, excused))
                .as("(task, period)s missed in periods %d..%d", from, to)
                .isEmpty();
        assertThat(history.tokenOrderViolations())
                .as("fencing tokens rise with periods")
                .isEmpty();
    }

    /**
     * Makes {@code c}'s membership die as a stalled or killed process's would: by TTL where heartbeats keep it, else
     * by the session ending (a session driver's client would open a new session and restore the membership at once,
     * which a frozen process cannot: {@code dead} also closes it). {@link SchedulerProcessContract} does the same with
     * real signals.
     */
    private void letSessionDie(Coordinator c, boolean dead) {
        Faults.pauseHeartbeats(c);
        if (!c.features().contains(Feature.HEARTBEAT_EXPIRY)) {
            expireSession(c);
            if (dead) {
                c.close();
            }
        }
    }

    @Test
    default void joinsAndLeavesNeitherRepeatNorSkipAPeriod() throws Exception {
        String group = randomGroupId();
        List<String> tasks = tasks(40);
        RunHistory history = new RunHistory();
        List<PeriodicScheduler> fleet = new ArrayList<>();
        fleet.add(worker(group, tasks, history));
        fleet.add(worker(group, tasks, history));
        awaitServing(fleet);
        long from = periodNow() + 1;
        sleepPeriods(3);
        for (int i = 0; i < 3; i++) {
            fleet.add(worker(group, tasks, history));
            sleepPeriods(3);
        }
        fleet.remove(1).close();
        sleepPeriods(3);
        fleet.remove(0).close();
        sleepPeriods(3);
        long to = periodNow() - 1;
        PeriodicScheduler survivor = fleet.get(0);
        fleet.forEach(PeriodicScheduler::close);

        assertClean(history, tasks, from, to, p -> false);
        assertThat(survivor.stats().run()).as("the survivor ran its share").isPositive();
        assertThat(survivor.stats().failed()).isZero();
    }

    @Test
    default void crashesAndStallsMissOnlyWithinFailureDetection() throws Exception {
        String group = randomGroupId();
        List<String> tasks = tasks(30);
        RunHistory history = new RunHistory();
        PeriodicScheduler observer = worker(group, tasks, history);
        Coordinator crashingCoordinator = newCoordinator();
        Coordinator stallingCoordinator = newCoordinator();
        PeriodicScheduler crashing = worker(crashingCoordinator, group, tasks, history, b -> {});
        PeriodicScheduler stalling = worker(stallingCoordinator, group, tasks, history, b -> {});
        await().until(() -> observer.members().size() == 3);
        awaitServing(List.of(observer, crashing, stalling));
        long from = periodNow() + 1;
        sleepPeriods(3);

        long crashAt = periodNow();
        Faults.crash(crashing);
        letSessionDie(crashingCoordinator, true);
        await(expiryTimeout().plus(eventTimeout()))
                .until(() -> !observer.members().containsKey(crashing.memberId()));
        long crashSeen = periodNow();
        sleepPeriods(3);

        long stallAt = periodNow();
        Faults.stall(stalling, true);
        letSessionDie(stallingCoordinator, false);
        if (stallingCoordinator.features().contains(Feature.HEARTBEAT_EXPIRY)) {
            await(expiryTimeout().plus(eventTimeout()))
                    .until(() -> !observer.members().containsKey(stalling.memberId()));
        } // else its client restored the session: a member that runs nothing, as a frozen process would be
        sleepPeriods(2);
        Faults.resumeHeartbeats(stallingCoordinator);
        Faults.stall(stalling, false);
        await().until(() -> observer.members().containsKey(stalling.memberId()));
        long stallOver = periodNow();
        sleepPeriods(4);
        long to = periodNow() - 1;

        LongPredicate excused =
                p -> (p >= crashAt - 1 && p <= crashSeen + 1) || (p >= stallAt - 1 && p <= stallOver + 1);
        assertClean(history, tasks, from, to, excused);
        assertThat(observer.stats().run()).isPositive();
        assertThat(stalling.stats().run()).as("the stalled worker works again").isPositive();
    }

    @Test
    default void aMissedPeriodRunsOnceLateOnlyWhenAsked() throws Exception {
        String group = randomGroupId();
        List<String> tasks = tasks(5);
        RunHistory history = new RunHistory();
        long before = periodNow();
        PeriodicScheduler first = worker(group, tasks, history, b -> b.missedPeriods(MissedPeriods.RUN_ONCE_LATE));
        await().until(() -> history.entries().stream().filter(e -> e.late()).count() == 5);
        assertThat(history.entries().stream().filter(RunHistory.Entry::late))
                .as("the period before the first start, run late once")
                .allSatisfy(e -> assertThat(e.period()).isBetween(before - 1, before + 1));
        sleepPeriods(2);
        worker(group, tasks, history, b -> b.missedPeriods(MissedPeriods.RUN_ONCE_LATE));
        RunHistory skipping = new RunHistory();
        worker(randomGroupId(), tasks, skipping);
        sleepPeriods(3);

        assertThat(history.duplicates()).as("a late run never repeats a period").isEmpty();
        assertThat(history.entries().stream().filter(RunHistory.Entry::late)).hasSize(5);
        assertThat(first.stats().late()).isEqualTo(5);
        assertThat(skipping.entries()).isNotEmpty().noneMatch(RunHistory.Entry::late);
    }

    @Test
    default void theTaskSourceIsReadAtEveryBoundary() throws Exception {
        String group = randomGroupId();
        List<String> source = new CopyOnWriteArrayList<>(List.of("old", "kept"));
        RunHistory history = new RunHistory();
        worker(group, List.of(), history, b -> b.tasks(() -> source, PERIOD, run -> {}));
        await().until(() -> history.entries().stream().anyMatch(e -> e.taskId().equals("old")));
        source.remove("old");
        source.add("new");
        await().until(() -> history.entries().stream().anyMatch(e -> e.taskId().equals("new")));
        long switched = periodNow();
        sleepPeriods(3);
        assertThat(history.entries()).filteredOn(e -> e.taskId().equals("old")).allSatisfy(e -> assertThat(e.period())
                .isLessThanOrEqualTo(switched));
        assertThat(history.entries()).filteredOn(e -> e.taskId().equals("kept")).hasSizeGreaterThan(3);
        assertThat(history.duplicates()).isEmpty();
    }

    @Test
    default void failuresAreCountedAndTheNextPeriodRunsAgain() throws Exception {
        String group = randomGroupId();
        RunHistory history = new RunHistory();
        ConcurrentLinkedQueue<TaskRun> runs = new ConcurrentLinkedQueue<>();
        PeriodicScheduler s = worker(
                group, List.of(), history, b -> b.task("ok", PERIOD, runs::add).task("bad", PERIOD, run -> {
                    throw new IllegalStateException("failure injected by the TCK; ignore");
                }));
        await().until(() -> s.stats().failed() >= 2 && s.stats().run() >= 2);
        assertThat(history.entries()).filteredOn(e -> e.taskId().equals("bad")).allMatch(RunHistory.Entry::failed);
        assertThat(s.tasks().get("bad").lastFailed()).isTrue();
        assertThat(s.tasks().get("ok").lastFailed()).isFalse();
        assertThat(s.tasks().get("ok").owner()).isEqualTo(s.memberId());
        assertThat(s.tasks().get("ok").lastDuration()).isPresent();
        assertThat(s.stats().owned()).isEqualTo(2);
        assertThat(s.stats().backendRequests()).isPositive();
        TaskRun run = runs.peek();
        assertThat(run.periodStart().toEpochMilli()).isEqualTo(run.period() * PERIOD.toMillis());
        assertThat(run.memberId()).isEqualTo(s.memberId());
        assertThat(run.periodStart().toEpochMilli())
                .as("periods are aligned to the (backend's) clock")
                .isBetween(System.currentTimeMillis() - 5_000, System.currentTimeMillis() + 1_000);
    }

    @Test
    default void aSchedulerNeedsATaskAndAStartedCoordinator() {
        Coordinator c = newUnstartedCoordinator(b -> {});
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PeriodicScheduler.builder(c, randomGroupId()).build())
                .isInstanceOf(io.tooz.ToozConfigurationException.class)
                .hasMessageContaining("no tasks");
        PeriodicScheduler s = PeriodicScheduler.builder(c, randomGroupId())
                .task("t", PERIOD, run -> {})
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(s::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start the coordinator");
    }
}
