package io.tooz.schedule;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Told of every run this worker made, after it ended; for histories, metrics and tests. Called on a runner thread. */
@FunctionalInterface
public interface RunListener {
    /**
     * A run ended.
     *
     * @param took how long the action ran
     * @param failure what it threw, or {@code null}
     */
    void onRun(TaskRun run, Duration took, @Nullable Throwable failure);
}
