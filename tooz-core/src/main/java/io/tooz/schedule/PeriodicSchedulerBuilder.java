package io.tooz.schedule;

import io.tooz.Coordinator;
import io.tooz.InvalidNameException;
import io.tooz.ToozConfigurationException;
import io.tooz.internal.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link PeriodicScheduler}. Tasks are given one by one ({@link #task}) or as a {@link TaskSource} read at
 * every boundary ({@link #tasks}); both can be mixed, with any periods. Every worker of a fleet must be built alike.
 */
public final class PeriodicSchedulerBuilder {
    /** The shortest period accepted. */
    public static final Duration MIN_PERIOD = Duration.ofMillis(100);

    final Coordinator coordinator;
    final String groupId;
    final Map<String, FixedTask> fixed = new LinkedHashMap<>();
    final List<SourcedTasks> sources = new ArrayList<>();
    MissedPeriods missedPeriods = MissedPeriods.SKIP;
    int pointsPerWeight = TaskRing.DEFAULT_POINTS_PER_WEIGHT;
    double maxLoad = TaskRing.DEFAULT_MAX_LOAD;
    int weight = 1;
    int threads = 4;

    @Nullable
    Duration claimTtl;

    RunListener listener = (run, took, failure) -> {};

    record FixedTask(Duration period, TaskAction action) {}

    record SourcedTasks(TaskSource source, Duration period, TaskAction action) {}

    PeriodicSchedulerBuilder(Coordinator coordinator, String groupId) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.groupId = Names.checkSize("group id", groupId);
    }

    /**
     * Adds a task that runs every {@code period}.
     *
     * @throws InvalidNameException if the id is empty or longer than 255 UTF-8 bytes
     * @throws ToozConfigurationException if the id was given before or the period is shorter than {@link #MIN_PERIOD}
     *     or not a whole number of milliseconds
     */
    public PeriodicSchedulerBuilder task(String id, Duration period, TaskAction action) {
        Names.checkSize("task id", id);
        if (fixed.containsKey(id)) {
            throw new ToozConfigurationException("task id '" + id + "' was given twice; task ids must be distinct");
        }
        fixed.put(id, new FixedTask(checkPeriod(period), Objects.requireNonNull(action, "action")));
        return this;
    }

    /** Adds the tasks {@code source} lists at each boundary, all with one period and one action. */
    public PeriodicSchedulerBuilder tasks(TaskSource source, Duration period, TaskAction action) {
        sources.add(new SourcedTasks(
                Objects.requireNonNull(source, "source"),
                checkPeriod(period),
                Objects.requireNonNull(action, "action")));
        return this;
    }

    /** What to do about periods no worker ran; default {@link MissedPeriods#SKIP}. */
    public PeriodicSchedulerBuilder missedPeriods(MissedPeriods policy) {
        this.missedPeriods = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Ring points per unit of weight (1..65536); default {@value TaskRing#DEFAULT_POINTS_PER_WEIGHT}. */
    public PeriodicSchedulerBuilder pointsPerWeight(int points) {
        if (points < 1 || points > 65_536) {
            throw new ToozConfigurationException("pointsPerWeight must be 1..65536, got " + points);
        }
        this.pointsPerWeight = points;
        return this;
    }

    /**
     * The bound on a member's load against its share (at least 1.0; default 1.15); {@code Double.POSITIVE_INFINITY}
     * gives plain consistent hashing.
     */
    public PeriodicSchedulerBuilder maxLoad(double maxLoad) {
        if (!(maxLoad >= 1.0)) {
            throw new ToozConfigurationException("maxLoad must be at least 1.0, got " + maxLoad);
        }
        this.maxLoad = maxLoad;
        return this;
    }

    /** This worker's weight (1..1000, default 1), advertised as the {@code weight} capability. */
    public PeriodicSchedulerBuilder weight(int weight) {
        if (weight < 1 || weight > 1_000) {
            throw new ToozConfigurationException("weight must be 1..1000, got " + weight);
        }
        this.weight = weight;
        return this;
    }

    /** Threads running actions (1..1024, default 4). */
    public PeriodicSchedulerBuilder threads(int threads) {
        if (threads < 1 || threads > 1_024) {
            throw new ToozConfigurationException("threads must be 1..1024, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /**
     * How long claims are kept; default two periods plus 10 s. A worker stalled longer than this between deciding to
     * claim and sending the claim could run a period twice, so keep it above the longest pause you expect.
     *
     * <p>It must be at least the longest period of the tasks (two of them with {@link MissedPeriods#RUN_ONCE_LATE},
     * whose late runs claim the period before): a claim that expired while its period could still be claimed would let
     * another worker run the task again in that period. {@link #build()} checks this, as tasks may come later.
     *
     * @throws ToozConfigurationException if {@code ttl} is under 1 s
     */
    public PeriodicSchedulerBuilder claimTtl(Duration ttl) {
        if (ttl == null || ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ToozConfigurationException("claimTtl must be at least 1 s, got " + ttl);
        }
        this.claimTtl = ttl;
        return this;
    }

    /** Told of every run this worker makes. */
    public PeriodicSchedulerBuilder listener(RunListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Builds the worker; {@link PeriodicScheduler#start()} joins the group.
     *
     * @throws ToozConfigurationException if no task was given, or the {@link #claimTtl} is shorter than the longest
     *     period (two periods under {@link MissedPeriods#RUN_ONCE_LATE}), naming both
     */
    public PeriodicScheduler build() {
        if (fixed.isEmpty() && sources.isEmpty()) {
            throw new ToozConfigurationException(
                    "no tasks: give tasks with task(id, period, action) or tasks(source, period, action)");
        }
        checkClaimTtl();
        return new SchedulerImpl(this);
    }

    private void checkClaimTtl() {
        if (claimTtl == null) {
            return;
        }
        Duration longest = Duration.ZERO;
        String whose = null;
        for (Map.Entry<String, FixedTask> e : fixed.entrySet()) {
            if (e.getValue().period().compareTo(longest) > 0) {
                longest = e.getValue().period();
                whose = "task '" + e.getKey() + "'";
            }
        }
        for (SourcedTasks s : sources) {
            if (s.period().compareTo(longest) > 0) {
                longest = s.period();
                whose = "the tasks of a TaskSource";
            }
        }
        boolean late = missedPeriods == MissedPeriods.RUN_ONCE_LATE;
        Duration needed = late ? longest.multipliedBy(2) : longest;
        if (claimTtl.compareTo(needed) < 0) {
            throw new ToozConfigurationException("claimTtl " + human(claimTtl) + " is shorter than "
                    + (late ? "two periods of " : "the period of ") + whose + ", " + human(longest)
                    + (late ? " (with MissedPeriods.RUN_ONCE_LATE a late run claims the period before)" : "")
                    + ": a claim that expires while its period can still be claimed lets another worker run the task"
                    + " again in that period; give claimTtl(" + human(needed) + ") or more, or leave it unset for"
                    + " the default (two periods plus 10 s)");
        }
    }

    /** A duration as people write it: {@code 250 ms}, {@code 1.5 s}, {@code 10 s}, {@code 2 min}, {@code 1 h}. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000 || d.toNanos() % 1_000_000 != 0) {
            return d.toNanos() % 1_000_000 == 0 ? ms + " ms" : d.toString();
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static Duration checkPeriod(Duration period) {
        if (period == null || period.compareTo(MIN_PERIOD) < 0 || period.toNanos() % 1_000_000 != 0) {
            throw new ToozConfigurationException("period must be a whole number of milliseconds, at least "
                    + MIN_PERIOD.toMillis() + " ms, got " + period);
        }
        return period;
    }
}
