package io.tooz.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --for}: how long a command that otherwise runs until interrupted runs (watch, worker, server). */
final class RunFor {
    @Option(
            names = "--for",
            paramLabel = "DURATION",
            description = "Stop after this long (default: until interrupted).")
    Duration duration;

    /** The {@link System#nanoTime()} at which to stop; {@link Long#MAX_VALUE} without {@code --for}. */
    long deadlineNanos() {
        return duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    }
}
