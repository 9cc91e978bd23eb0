/**
 * Core hooks for the TCK, tooz-junit and the CLI's demo, not API: pausing heartbeats, crashing or stalling a
 * scheduler, taking a {@code memory://} backend down or cutting one coordinator off it, ending a {@code memory://}
 * session, and a history of scheduler runs with its exactly-once checks. Exported only to {@code io.tooz.tck}, {@code
 * io.tooz.junit} and {@code io.tooz.cli} (and the benchmark); tests use {@code io.tooz.tck.Faults} or {@code
 * io.tooz.junit.ToozFaults}.
 */
package io.tooz.internal.hooks;
