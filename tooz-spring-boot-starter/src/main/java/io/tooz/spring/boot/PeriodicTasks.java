package io.tooz.spring.boot;

import io.tooz.schedule.MissedPeriods;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a set of tasks that the instances of a service share: every task id runs once per period, on one instance,
 * and the annotated method is the task's work. The starter gives each group a {@link
 * io.tooz.schedule.PeriodicScheduler}, started with the context and closed when it stops.
 *
 * <pre>{@code
 * @PeriodicTasks(group = "probes", period = "2s", idsFrom = "hosts")
 * void probe(String host, TaskRun run) {
 *     ping(host, run.fencingToken());
 * }
 *
 * List<String> hosts() { return inventory.hosts(); }   // read at every period boundary
 * }</pre>
 *
 * <p><b>Guarantees</b> (those of {@link io.tooz.schedule.PeriodicScheduler}). Periods are epoch multiples of the
 * period ({@code number = floor(epochMillis / period)}) on the backend's clock where it has one, so instances with
 * skewed clocks agree on them. Each {@code (task, period)} is claimed once in the backend before it runs: across all
 * instances it runs at most once, carrying a fencing token that rises with the period. While instances join or
 * leave (a context starting or stopping, scaling out or in), no {@code (task, period)} runs twice and none is skipped:
 * a stopping context hands its tasks over at a period boundary. A period is missed only when the instance that
 * claimed it dies before running it, or when every instance is down.
 *
 * <p><b>The method</b> may take no parameter, the task id ({@link String}), the run ({@link io.tooz.schedule.TaskRun}:
 * task id, period number and start, fencing token, member), or the task id and the run, in that order. It runs on one
 * of the group's {@code tooz.tasks.threads} threads; an exception counts the run as failed (logged) and the next
 * period runs again. Its return value is ignored.
 *
 * <p>Methods naming the same {@link #group} share one scheduler and one split of the work; their task ids must be
 * distinct. Every instance of the service must declare the same tasks and periods. Attribute values may be {@code
 * ${...}} placeholders.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PeriodicTasks {
    /** The group whose members share these tasks; instances of one service use the same group. */
    String group();

    /**
     * The period: {@code 2s}, {@code 500ms}, {@code 1m}, an ISO-8601 {@code PT2S}, or a number of milliseconds; at
     * least 100 ms, a whole number of milliseconds.
     */
    String period();

    /** The task ids, fixed; an element that resolves to a comma-separated list gives several ids. */
    String[] ids() default {};

    /**
     * The name of a method of the same bean, taking no parameter and returning a {@code Collection<String>} or a
     * {@code String[]}: the task ids, read at every period boundary. Every instance must list the same ids.
     */
    String idsFrom() default "";

    /**
     * What to do about a period that no instance ran (the whole fleet was down); every method of a group must say
     * the same.
     */
    MissedPeriods missedPeriods() default MissedPeriods.SKIP;
}
