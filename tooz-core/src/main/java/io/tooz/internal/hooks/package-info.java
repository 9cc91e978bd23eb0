/**
 * Core hooks for the TCK and the CLI's demo, not API: pausing heartbeats, crashing or stalling a scheduler, taking a
 * {@code memory://} backend down, and a history of scheduler runs with its exactly-once checks. Exported only to
 * {@code io.tooz.tck} and {@code io.tooz.cli} (and the benchmark); tests use {@code io.tooz.tck.Faults}.
 */
package io.tooz.internal.hooks;
