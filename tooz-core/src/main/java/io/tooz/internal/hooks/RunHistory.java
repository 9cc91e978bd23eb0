package io.tooz.internal.hooks;

import io.tooz.schedule.RunListener;
import io.tooz.schedule.TaskRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * A history of runs from any number of workers of one fleet (give it to each with {@code listener(history)}), and
 * the checks that matter: no {@code (task, period)} ran twice, none was missed, and each task's fencing tokens rise
 * with its periods. For tasks of one period length.
 */
public final class RunHistory implements RunListener {
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

    /** One recorded run. */
    public record Entry(String taskId, long period, String memberId, long token, boolean late, boolean failed) {}

    @Override
    public void onRun(TaskRun run, Duration took, Throwable failure) {
        entries.add(
                new Entry(run.taskId(), run.period(), run.memberId(), run.fencingToken(), run.late(), failure != null));
    }

    /** Every run recorded so far. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** How many runs were recorded. */
    public int size() {
        return entries.size();
    }

    /** One line per {@code (task, period)} that ran more than once, naming the workers and tokens. */
    public List<String> duplicates() {
        Map<String, List<Entry>> byRun = byTaskAndPeriod();
        List<String> out = new ArrayList<>();
        byRun.forEach((key, runs) -> {
            if (runs.size() > 1) {
                out.add(key + " ran " + runs.size() + " times: "
                        + runs.stream()
                                .map(e -> e.memberId() + " (token " + e.token() + ")")
                                .collect(Collectors.joining(", ")));
            }
        });
        return out;
    }

    /**
     * One line per {@code (task, period)} in {@code [fromPeriod, toPeriod]} that never ran, except periods {@code
     * excused} accepts (a stated failure-detection window).
     */
    public List<String> misses(Collection<String> tasks, long fromPeriod, long toPeriod, LongPredicate excused) {
        Map<String, List<Entry>> byRun = byTaskAndPeriod();
        List<String> out = new ArrayList<>();
        for (long p = fromPeriod; p <= toPeriod; p++) {
            if (excused.test(p)) {
                continue;
            }
            for (String t : tasks) {
                if (!byRun.containsKey(key(t, p))) {
                    out.add("task " + t + " period " + p + " never ran");
                }
            }
        }
        return out;
    }

    /** One line per task whose tokens do not strictly rise with its periods. */
    public List<String> tokenOrderViolations() {
        Map<String, List<Entry>> byTask = new TreeMap<>();
        entries.forEach(
                e -> byTask.computeIfAbsent(e.taskId(), k -> new ArrayList<>()).add(e));
        List<String> out = new ArrayList<>();
        byTask.forEach((task, runs) -> {
            runs.sort(Comparator.comparingLong(Entry::period).thenComparingLong(Entry::token));
            for (int i = 1; i < runs.size(); i++) {
                Entry a = runs.get(i - 1);
                Entry b = runs.get(i);
                if (b.period() > a.period() && b.token() <= a.token()) {
                    out.add("task " + task + ": period " + b.period() + " has token " + b.token() + " <= period "
                            + a.period() + "'s " + a.token());
                }
            }
        });
        return out;
    }

    private Map<String, List<Entry>> byTaskAndPeriod() {
        Map<String, List<Entry>> out = new TreeMap<>();
        entries.forEach(e -> out.computeIfAbsent(key(e.taskId(), e.period()), k -> new ArrayList<>())
                .add(e));
        return out;
    }

    private static String key(String task, long period) {
        return "task " + task + " period " + period;
    }
}
