package io.tooz.spring.boot;

import io.tooz.schedule.PeriodicScheduler;
import io.tooz.schedule.PeriodicSchedulerBuilder;

/**
 * Hooks into each {@link PeriodicScheduler} that the starter builds for {@link PeriodicTasks} methods: before it is
 * built (set a {@link io.tooz.schedule.RunListener}, claim TTL, load bound) and once it is started (bind its stats to
 * metrics). Every bean of this type is applied, in {@link org.springframework.core.Ordered} order.
 */
public interface ToozSchedulerCustomizer {
    /** Adjusts the builder of the scheduler of {@code groupId}, after the starter's own settings. */
    default void customize(String groupId, PeriodicSchedulerBuilder builder) {}

    /** The scheduler of a group was started. */
    default void started(PeriodicScheduler scheduler) {}

    /** The scheduler of a group was closed (its tasks handed over to the other instances). */
    default void closed(PeriodicScheduler scheduler) {}
}
