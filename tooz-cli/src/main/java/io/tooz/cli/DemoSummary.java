package io.tooz.cli;

import io.tooz.internal.hooks.RunHistory;
import io.tooz.schedule.WorkerStats;
import io.tooz.spi.ConnectionUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's verdict: what ran, duplicates and misses, the detection window, moved against ideal, per worker. */
final class DemoSummary {
    final Map<String, Object> json = new LinkedHashMap<>();
    final int duplicates;
    final int misses;
    private final Duration length;

    DemoSummary(
            String url,
            String group,
            Duration sessionTimeout,
            DemoScenario scenario,
            DemoFleet fleet,
            ProbeTasks probes,
            long toPeriod,
            Duration elapsed) {
        RunHistory history = fleet.history();
        List<String> dups = history.duplicates();
        List<String> missed = scenario.misses(toPeriod);
        this.duplicates = dups.size();
        this.misses = missed.size();
        DemoScenario.Shape shape = scenario.shape();
        this.length = shape.period();
        Map<String, Object> sc = new LinkedHashMap<>();
        sc.put("workers", shape.workers());
        sc.put("tasks", shape.tasks());
        sc.put("periodMs", shape.period().toMillis());
        sc.put("periodsPerPhase", shape.phasePeriods());
        sc.put("sessionTimeoutMs", sessionTimeout.toMillis());
        json.put("scenario", sc);
        json.put("url", ConnectionUrl.redact(url));
        json.put("group", group);
        List<Object> phases = new ArrayList<>();
        for (DemoScenario.Phase p : scenario.phases()) {
            phases.add(ordered(
                    "name",
                    p.name(),
                    "workers",
                    p.workers(),
                    "fromPeriod",
                    p.fromPeriod(),
                    "fromPeriodStart",
                    PeriodTime.start(p.fromPeriod(), length).toString()));
        }
        json.put("phases", phases);
        json.put(
                "checkedPeriods",
                ordered(
                        "from",
                        scenario.fromPeriod(),
                        "to",
                        toPeriod,
                        "fromStart",
                        PeriodTime.start(scenario.fromPeriod(), length).toString(),
                        "toStart",
                        PeriodTime.start(toPeriod, length).toString()));
        json.put("runs", history.size());
        json.put("duplicates", duplicates);
        json.put("misses", misses);
        json.put("tokenOrderViolations", history.tokenOrderViolations().size());
        DemoScenario.Window w = scenario.window();
        if (w != null) {
            Map<String, Object> win = new LinkedHashMap<>();
            win.put("killed", w.killed());
            win.put("fromPeriod", w.fromPeriod());
            win.put("toPeriod", w.toPeriod());
            win.put("fromPeriodStart", PeriodTime.start(w.fromPeriod(), length).toString());
            win.put("toPeriodStart", PeriodTime.start(w.toPeriod(), length).toString());
            win.put("periods", w.toPeriod() - w.fromPeriod() + 1);
            win.put("detectedAfterMs", w.detectedAfter().toMillis());
            json.put("detectionWindow", win);
        }
        List<Object> changes = new ArrayList<>();
        for (DemoScenario.Change c : scenario.changes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("change", c.label());
            m.put("from", c.from());
            m.put("to", c.to());
            m.put("moved", c.moved());
            m.put("ideal", Math.round(c.ideal() * 10) / 10.0);
            m.put("ratio", Math.round(c.ratio() * 100) / 100.0);
            changes.add(m);
        }
        json.put("changes", changes);
        List<Object> workers = new ArrayList<>();
        for (DemoWorker dw : fleet.all()) {
            WorkerStats s = dw.stats();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("worker", dw.name);
            m.put("memberId", dw.memberId());
            m.put("state", dw.state.name().toLowerCase(Locale.ROOT));
            m.put("owned", s.owned());
            m.put("run", s.run());
            m.put("skipped", s.skipped());
            m.put("taken", s.taken());
            m.put("failed", s.failed());
            m.put("backendRequests", s.backendRequests());
            workers.add(m);
        }
        json.put("workers", workers);
        json.put("probes", ordered("up", probes.up(), "down", probes.down()));
        json.put("elapsedMs", elapsed.toMillis());
        json.put("duplicateRuns", dups.stream().limit(10).toList());
        json.put("missedRuns", missed.stream().limit(10).toList());
    }

    List<String> text() {
        List<String> out = new ArrayList<>();
        long checkedFrom = (Long) ((Map<?, ?>) json.get("checkedPeriods")).get("from");
        long checkedTo = (Long) ((Map<?, ?>) json.get("checkedPeriods")).get("to");
        out.add("");
        out.add("summary");
        out.add(String.format(
                Locale.ROOT,
                "  %s, %d runs in the %d periods from %s to %s, probes up %s down %s",
                json.get("url"),
                (Integer) json.get("runs"),
                checkedTo - checkedFrom + 1,
                PeriodTime.local(checkedFrom, length),
                PeriodTime.local(checkedTo, length),
                ((Map<?, ?>) json.get("probes")).get("up"),
                ((Map<?, ?>) json.get("probes")).get("down")));
        Object win = json.get("detectionWindow");
        if (win instanceof Map<?, ?> w) {
            out.add(String.format(
                    Locale.ROOT,
                    "  %s killed; the survivors saw it gone after %.1f s: failure-detection window %s..%s (%s"
                            + " periods, one either side), misses there are not counted",
                    w.get("killed"),
                    ((Long) w.get("detectedAfterMs")) / 1000.0,
                    PeriodTime.local((Long) w.get("fromPeriod"), length),
                    PeriodTime.local((Long) w.get("toPeriod"), length),
                    w.get("periods")));
        }
        for (Object c : (List<?>) json.get("changes")) {
            Map<?, ?> m = (Map<?, ?>) c;
            out.add(String.format(
                    Locale.ROOT,
                    "  %s: moved %s tasks, ideal %s (%sx)",
                    m.get("change"),
                    m.get("moved"),
                    m.get("ideal"),
                    m.get("ratio")));
        }
        out.add(String.format(
                Locale.ROOT,
                "  duplicates %d, misses %d -> %s (%.1f s)",
                duplicates,
                misses,
                ok() ? "OK" : "FAILED",
                ((Long) json.get("elapsedMs")) / 1000.0));
        for (String line : concat((List<?>) json.get("duplicateRuns"), (List<?>) json.get("missedRuns"))) {
            out.add("  " + line);
        }
        return out;
    }

    boolean ok() {
        return duplicates == 0 && misses == 0;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> concat(List<?> a, List<?> b) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(String.valueOf(x)));
        b.forEach(x -> out.add(String.valueOf(x)));
        return out;
    }
}
