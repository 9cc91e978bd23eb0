package io.tooz.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@code @Scheduled} method at most once per trigger across every instance of the service, fenced: each
 * instance's scheduler fires as usual, and before the method runs the instance claims the trigger in the backend
 * (tooz's once-per-period claims, the ledger of {@link io.tooz.schedule.PeriodicScheduler}); only the instance whose
 * claim is created runs it, the others skip that trigger. The method reads the run's trigger and fencing token from
 * {@link FleetRun#current()}.
 *
 * <pre>{@code
 * @Scheduled(cron = "0 0 * * * *")
 * @FleetOnce("hourly-report")
 * void report() {
 *     FleetRun run = FleetRun.current();
 *     store.write(report(), run.fencingToken());   // the store refuses tokens lower than one it has seen
 * }
 * }</pre>
 *
 * <p><b>How a trigger is named</b>, so that every instance names it alike without a lock duration to guess:
 *
 * <ul>
 *   <li>{@code cron}: by its fire time, the one of the cron expression (in its zone) nearest to the moment the run
 *       starts on this instance. Instances whose clocks differ fire the same trigger at different real times but
 *       name it alike, so each cron trigger runs at most once whatever the skew; with skew, the run happens on the
 *       fastest clock's instance, as early as that clock is ahead.
 *   <li>{@code fixedRate = R}: by the window {@code floor(t / R)} of epoch time {@code t} on the fleet's clock (the
 *       backend's clock where the driver has one, as for periodic tasks; this machine's otherwise). An instance's
 *       first run takes the window it starts in; its later runs take the windows as many periods on as its monotonic
 *       clock says have passed (rounded), so jitter near a window's edge neither repeats nor skips a window; if that
 *       count and the clock ever disagree by more than a window, the clock wins.
 *   <li>{@code fixedDelay = D}: by the window {@code floor(t / D)} on the fleet's clock, as the run starts. An
 *       instance's runs are at least D apart, so never two in one window; windows the fleet's runs all miss (the
 *       method took longer than D on every instance) go unrun.
 * </ul>
 *
 * <p><b>Guarantees.</b> Each named trigger runs at most once across the fleet: the backend creates its claim once,
 * and it lives for two periods (two cron intervals) plus 10 s, longer than any instance can still name that trigger.
 * The fencing token ({@link FleetRun#fencingToken()}) rises with the trigger, so a store can refuse a late writer.
 * With several instances up, every trigger runs (one of them claims it) unless the backend cannot be reached: then
 * the method is skipped, never run unclaimed (logged). A run that starts more than half an interval late (an
 * overloaded task scheduler) may take the next trigger's name; that trigger then runs once, and the late one not.
 * Without a backend clock, instances' clock skew shifts their windows against each other: every window still runs
 * at most once, but two runs may come closer together than R (or D) in real time, by up to the skew.
 *
 * <p>The method needs exactly one {@code @Scheduled} with {@code cron}, {@code fixedRate} or {@code fixedDelay}
 * (checked at startup). The starter proxies the bean; call the method only from the scheduler (a direct call through
 * the proxy claims like a scheduled one).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FleetOnce {
    /**
     * The name of the scheduled work across the fleet (and across every service using the same backend); the claim is
     * kept under it. Defaults to the declaring class's simple name, a dot and the method's name. May be a {@code
     * ${...}} placeholder.
     */
    String value() default "";
}
