package io.tooz.cli;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.Feature;
import io.tooz.internal.hooks.CoreHooks;
import io.tooz.internal.hooks.RunHistory;
import io.tooz.schedule.PeriodicScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The demo's workers, all sharing one group, one task list and one run history. */
final class DemoFleet implements AutoCloseable {
    static final int THREADS = 16;

    private final Function<String, CoordinatorBuilder> coordinators;
    private final String group;
    private final String suffix;
    private final ProbeTasks probes;
    private final Duration period;
    private final RunHistory history = new RunHistory();
    private final List<DemoWorker> workers = new ArrayList<>();

    DemoFleet(
            Function<String, CoordinatorBuilder> coordinators,
            String group,
            String suffix,
            ProbeTasks probes,
            Duration period) {
        this.coordinators = coordinators;
        this.group = group;
        this.suffix = suffix;
        this.probes = probes;
        this.period = period;
    }

    /** Every run of every worker, for the duplicates and misses. */
    RunHistory history() {
        return history;
    }

    /** The tasks' ids. */
    List<String> taskIds() {
        return probes.ids();
    }

    /** Starts {@code count} more workers, one after another. */
    synchronized void add(int count) {
        for (int i = 0; i < count; i++) {
            String name = "w" + (workers.size() + 1);
            Coordinator c = coordinators.apply("demo-" + name + suffix).build();
            try {
                c.start();
                PeriodicScheduler s = PeriodicScheduler.builder(c, group)
                        .tasks(probes::ids, period, probes)
                        .threads(THREADS)
                        .listener(history)
                        .build();
                s.start();
                workers.add(new DemoWorker(name, c, s));
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
        }
    }

    /** Closes the newest {@code count} running workers gracefully, all at once: they leave the group. */
    void leave(int count) {
        List<DemoWorker> leaving = new ArrayList<>(running());
        leaving = leaving.subList(leaving.size() - count, leaving.size());
        inParallel(leaving.stream()
                .<Runnable>map(w -> () -> {
                    w.scheduler.close();
                    w.state = DemoWorker.State.LEFT;
                    w.coordinator.close();
                })
                .toList());
    }

    /**
     * Kills the newest running worker as a killed process dies: it stops claiming and running at once and never
     * leaves. On TTL backends its heartbeats stop, so the backend expires it after the TTL; on session backends
     * (ZooKeeper) the session ends {@code sessionTimeout} after the kill, as the server would expire it, by closing
     * the coordinator on a background thread (a dead process opens no new session).
     */
    DemoWorker kill(Duration sessionTimeout) {
        List<DemoWorker> alive = running();
        DemoWorker victim = alive.get(alive.size() - 1);
        victim.state = DemoWorker.State.KILLED;
        CoreHooks.crash(victim.scheduler);
        CoreHooks.pauseHeartbeats(victim.coordinator, true);
        if (!victim.coordinator.features().contains(Feature.HEARTBEAT_EXPIRY)) {
            Thread expiry = new Thread(
                    () -> {
                        CoordinatorCommand.sleep(sessionTimeout);
                        victim.coordinator.close();
                    },
                    "tooz-demo-session-expiry");
            expiry.setDaemon(true);
            expiry.start();
        }
        return victim;
    }

    synchronized List<DemoWorker> all() {
        return List.copyOf(workers);
    }

    synchronized List<DemoWorker> running() {
        return workers.stream().filter(DemoWorker::running).toList();
    }

    /** The first worker, which stays to the end and watches the others. */
    synchronized DemoWorker observer() {
        return workers.get(0);
    }

    /** Task → owner, as the observer's current assignment has it. */
    Map<String, String> owners() {
        Map<String, String> out = new HashMap<>();
        observer().scheduler.tasks().forEach((task, status) -> out.put(task, status.owner()));
        return out;
    }

    @Override
    public void close() {
        inParallel(all().stream().<Runnable>map(w -> w::closeQuietly).toList());
    }

    /** Runs each on its own thread (closing waits for a boundary, so not one after another); rethrows a failure. */
    private static void inParallel(List<Runnable> jobs) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Runnable job : jobs) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            Thread t = new Thread(
                    () -> {
                        try {
                            job.run();
                            f.complete(null);
                        } catch (RuntimeException e) {
                            f.completeExceptionally(e);
                        }
                    },
                    "tooz-demo-close");
            t.setDaemon(true);
            t.start();
            done.add(f);
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
