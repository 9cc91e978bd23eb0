/**
 * Tooz's JUnit 5 support for applications' own tests: {@link io.tooz.junit.ToozTest} injects started coordinators
 * (on {@code memory://}, an embedded ZooKeeper, or a configured server), closes them and deletes their groups after
 * each test, and {@link io.tooz.junit.ToozFaults} pauses heartbeats, expires sessions and cuts coordinators off their
 * backend, so that a test can check in a few lines what the application does when it loses a lock or a leadership.
 *
 * <pre>{@code
 * @ToozTest
 * class ReportJobTest {
 *     @Test
 *     void theJobStopsWhenItsLockIsLost(Coordinator worker, ToozFaults faults) {
 *         ReportJob job = ReportJob.start(worker);
 *         faults.cutOff(worker);
 *         await().atMost(Duration.ofSeconds(10)).until(job::stopped);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link io.tooz.junit.BlackHoleProxy}, the proxy behind {@code cutOff}, partitions any TCP connection without
 * closing it. {@code docs/testing.md} walks through a complete example.
 */
@NullMarked
package io.tooz.junit;

import org.jspecify.annotations.NullMarked;
