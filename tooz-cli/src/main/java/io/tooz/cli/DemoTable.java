package io.tooz.cli;

import io.tooz.schedule.WorkerStats;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The demo's live table, printed once a period: per worker, then the last change and the fleet's totals. */
final class DemoTable {
    private final DemoFleet fleet;
    private final Consumer<String> out;
    private DemoScenario scenario;

    DemoTable(DemoFleet fleet, Consumer<String> out) {
        this.fleet = fleet;
        this.out = out;
    }

    void attach(DemoScenario s) {
        this.scenario = s;
    }

    void print(long period) {
        if (scenario == null) {
            return;
        }
        List<DemoScenario.Phase> phases = scenario.phases();
        String phase =
                phases.isEmpty() ? "starting" : phases.get(phases.size() - 1).name();
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%nperiod %s  (%s, %d members)%n",
                PeriodTime.local(period, scenario.shape().period()),
                phase,
                fleet.observer().scheduler.members().size()));
        b.append(String.format(
                Locale.ROOT,
                "  %-6s %-8s %6s %7s %8s %7s %7s%n",
                "worker",
                "state",
                "owned",
                "runs",
                "skipped",
                "taken",
                "failed"));
        for (DemoWorker w : fleet.all()) {
            WorkerStats s = w.stats();
            b.append(String.format(
                    Locale.ROOT,
                    "  %-6s %-8s %6s %7d %8d %7d %7d%n",
                    w.name,
                    w.state.name().toLowerCase(Locale.ROOT),
                    w.running() ? Integer.toString(s.owned()) : "-",
                    s.run(),
                    s.skipped(),
                    s.taken(),
                    s.failed()));
        }
        List<DemoScenario.Change> changes = scenario.changes();
        if (!changes.isEmpty()) {
            DemoScenario.Change c = changes.get(changes.size() - 1);
            b.append(String.format(Locale.ROOT, "  last change %s%n", describe(c)));
        }
        b.append(String.format(
                Locale.ROOT,
                "  runs %d  duplicates %d  misses %d%s",
                fleet.history().size(),
                fleet.history().duplicates().size(),
                scenario.misses(period - 1).size(),
                scenario.window() == null && scenario.excused(period) ? "  (failure detection under way)" : ""));
        out.accept(b.toString());
    }

    static String describe(DemoScenario.Change c) {
        return String.format(
                Locale.ROOT, "%s: moved %d tasks, ideal %.0f (%.2fx)", c.label(), c.moved(), c.ideal(), c.ratio());
    }
}
