/**
 * Tooz for Spring Boot: a started {@link io.tooz.Coordinator} bean configured by {@code tooz.*} properties ({@link
 * io.tooz.spring.boot.ToozProperties}), and three ways to share work across the instances of a service:
 *
 * <ul>
 *   <li>{@link io.tooz.spring.boot.FleetOnce} on a {@code @Scheduled} method: each trigger runs on one instance only,
 *       with a fencing token ({@link io.tooz.spring.boot.FleetRun#current()});
 *   <li>{@link io.tooz.spring.boot.PeriodicTasks} on a method: a set of task ids, each run once per period, split
 *       across the instances by {@link io.tooz.schedule.PeriodicScheduler};
 *   <li>{@link io.tooz.spring.boot.WhileLeader} on a method or a {@code SmartLifecycle} bean: work that runs only while
 *       this instance leads a group.
 * </ul>
 *
 * <p>With actuator on the classpath, a {@code tooz} health contributor and info contributor are added. Other
 * auto-configurations (metrics) hook into the coordinator and the schedulers through {@link
 * io.tooz.spring.boot.ToozCoordinatorCustomizer} and {@link io.tooz.spring.boot.ToozSchedulerCustomizer} beans.
 */
@NullMarked
package io.tooz.spring.boot;

import org.jspecify.annotations.NullMarked;
