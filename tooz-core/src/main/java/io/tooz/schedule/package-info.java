/**
 * Distributed periodic tasks: workers join a group, a bounded-load consistent hash ring ({@link
 * io.tooz.schedule.TaskRing}) gives each task id to one member, and before running, the owner claims {@code (task,
 * period)} once in the backend, receiving a fencing token. While the fleet grows, shrinks or loses members, no
 * {@code (task, period)} runs twice, and none is skipped while some worker is alive for the period (outside the time
 * the backend takes to notice a dead member).
 *
 * <pre>{@code
 * try (Coordinator c = Coordinator.builder("zookeeper://127.0.0.1:2181").build()) {
 *     c.start();
 *     PeriodicScheduler s = PeriodicScheduler.builder(c, "pingers")
 *             .tasks(() -> hosts, Duration.ofSeconds(2), run -> ping(run.taskId()))
 *             .build();
 *     s.start();
 *     ...
 *     s.close(); // hands its tasks over at a period boundary, then leaves the group
 * }
 * }</pre>
 */
@NullMarked
package io.tooz.schedule;

import org.jspecify.annotations.NullMarked;
