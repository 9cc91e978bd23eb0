package io.tooz.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The demo's script: {@code n} workers, then {@code 2n}, then {@code n} again (the newest leave), then one killed
 * without leaving, a few periods each. Measures the tasks moved at each change against the ideal, and states the
 * failure-detection window: from a period before the kill to a period after the survivors stopped counting the dead
 * worker as a member. Periods are counted on this machine's clock, as the scheduler's on a loopback backend.
 */
final class DemoScenario {
    record Shape(int workers, int tasks, Duration period, int phasePeriods) {}

    record Phase(String name, int workers, long fromPeriod) {}

    /** Tasks moved at a membership change from {@code from} to {@code to} members, and the ideal. */
    record Change(String label, int from, int to, int moved, double ideal) {
        double ratio() {
            return ideal == 0 ? 0 : moved / ideal;
        }
    }

    /** The failure-detection window around the kill, in periods (inclusive), and how long detection took. */
    record Window(String killed, long fromPeriod, long toPeriod, Duration detectedAfter) {}

    private final DemoFleet fleet;
    private final Shape shape;
    private final Duration sessionTimeout;
    private final LongConsumer everyPeriod;
    private final long periodMillis;
    private final List<Phase> phases = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private volatile long fromPeriod = Long.MAX_VALUE;
    private volatile long killPeriod = Long.MAX_VALUE;
    private volatile Window window;
    private long shown = Long.MIN_VALUE;

    DemoScenario(DemoFleet fleet, Shape shape, Duration sessionTimeout, LongConsumer everyPeriod) {
        this.fleet = fleet;
        this.shape = shape;
        this.sessionTimeout = sessionTimeout;
        this.everyPeriod = everyPeriod;
        this.periodMillis = shape.period().toMillis();
    }

    /** Runs the script; returns the last period checked for misses. */
    long run() {
        int n = shape.workers();
        fleet.add(n);
        fromPeriod = periodNow() + 1;
        phases.add(new Phase(n + " workers", n, periodNow()));
        awaitPeriods(shape.phasePeriods());
        change("join: " + n + " -> " + 2 * n, () -> fleet.add(n));
        awaitPeriods(shape.phasePeriods());
        change("leave: " + 2 * n + " -> " + n, () -> fleet.leave(n));
        awaitPeriods(shape.phasePeriods());
        if (n > 1) {
            long killedAt = System.nanoTime();
            killPeriod = periodNow();
            String[] victim = new String[1];
            change("kill: " + n + " -> " + (n - 1), () -> victim[0] = fleet.kill(sessionTimeout).name);
            window = new Window(
                    victim[0], killPeriod - 1, periodNow() + 1, Duration.ofNanos(System.nanoTime() - killedAt));
            awaitPeriods(shape.phasePeriods());
        }
        long to = periodNow() - 1;
        everyPeriod.accept(periodNow());
        return to;
    }

    private void change(String label, Runnable act) {
        Map<String, String> before = fleet.owners();
        int from = fleet.running().size();
        act.run();
        Set<String> live = new HashSet<>();
        fleet.running().forEach(w -> live.add(w.memberId()));
        Duration max = sessionTimeout.multipliedBy(3).plus(shape.period().multipliedBy(10));
        boolean settled = waitUntil(
                () -> fleet.observer().scheduler.members().keySet().equals(live)
                        && new HashSet<>(fleet.owners().values()).equals(live),
                max);
        if (!settled) {
            throw new IllegalStateException("the workers did not see the change '" + label + "' within "
                    + max.toSeconds() + " s; members seen: "
                    + fleet.observer().scheduler.members().keySet());
        }
        Map<String, String> after = fleet.owners();
        int moved = 0;
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                moved++;
            }
        }
        int to = live.size();
        double ideal = Math.abs(1.0 - (double) Math.min(from, to) / Math.max(from, to))
                * fleet.taskIds().size();
        changes.add(new Change(label, from, to, moved, ideal));
        phases.add(new Phase(to + " workers" + (label.startsWith("kill") ? " (one killed)" : ""), to, periodNow()));
    }

    private void awaitPeriods(int count) {
        long target = (periodNow() + count) * periodMillis + periodMillis * 2 / 5;
        waitUntil(() -> System.currentTimeMillis() >= target, Duration.ofMillis(periodMillis * (count + 1)));
    }

    /** Polls {@code done}, printing the table once a period (70% into it), until true or {@code max} elapsed. */
    private boolean waitUntil(BooleanSupplier done, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            long at = Math.floorDiv(System.currentTimeMillis() - periodMillis * 7 / 10, periodMillis);
            if (at != shown) {
                shown = at;
                everyPeriod.accept(at);
            }
            if (!CoordinatorCommand.sleep(Duration.ofMillis(20))) {
                throw new IllegalStateException("interrupted");
            }
        }
        return true;
    }

    long periodNow() {
        return Math.floorDiv(System.currentTimeMillis(), periodMillis);
    }

    /** Whether a period is inside the stated failure-detection window (or in the kill's still open one). */
    boolean excused(long period) {
        Window w = window;
        return w != null ? period >= w.fromPeriod() && period <= w.toPeriod() : period >= killPeriod - 1;
    }

    /** The misses from the first full period through {@code to}, outside the failure-detection window. */
    List<String> misses(long to) {
        return fromPeriod > to ? List.of() : fleet.history().misses(fleet.taskIds(), fromPeriod, to, this::excused);
    }

    long fromPeriod() {
        return fromPeriod;
    }

    List<Phase> phases() {
        return List.copyOf(phases);
    }

    List<Change> changes() {
        return List.copyOf(changes);
    }

    Window window() {
        return window;
    }

    Shape shape() {
        return shape;
    }
}
