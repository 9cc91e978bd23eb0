/**
 * The contract test suite every tooz driver must pass: JUnit 5 test interfaces with default {@code @Test} methods, one
 * per feature. A driver's test class implements {@link io.tooz.tck.ToozContract}, declares what its backend has with
 * {@link io.tooz.tck.Backend} and supplies a {@link io.tooz.tck.DriverFixture}; it runs exactly the contracts for the
 * features it declares:
 *
 * <pre>{@code
 * @Backend
 * class MemoryContractTest implements ToozContract {
 *     private final DriverFixture fixture =
 *             DriverFixture.of("memory://" + UUID.randomUUID(), Duration.ofSeconds(2), Map.of("timeout", "2"));
 *
 *     public DriverFixture fixture() {
 *         return fixture;
 *     }
 * }
 * }</pre>
 *
 * <p>The contracts port Python tooz's functional suite ({@code tooz/tests/test_coordination.py} and {@code
 * test_partitioner.py}) to the Java API and add what tooz leaves untested: fencing tokens, lease-loss signals,
 * watch-mode delivery and failover.
 *
 * <p>Network faults for drivers that talk TCP: {@link io.tooz.junit.BlackHoleProxy} (from tooz-junit) partitions a connection without
 * closing it, {@link io.tooz.tck.FaultPorts} gives refused and wrong-protocol ports, and {@link
 * io.tooz.tck.PartitionContract} holds drivers to their timeouts and lease-loss signals through them.
 */
package io.tooz.tck;
