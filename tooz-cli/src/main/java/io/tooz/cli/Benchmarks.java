package io.tooz.cli;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code tooz bench} runs, found with {@link java.util.ServiceLoader}. tooz-bench's jar provides it; the tooz jar
 * does not, since the benchmarks measure tooz against competing libraries (Curator's recipes, Redisson, ShedLock) that
 * a coordination CLI has no use for. Without it, {@code tooz bench} says where to find it.
 */
public interface Benchmarks {
    /**
     * Runs the benchmark for {@code url}'s scheme, or the one named by {@code what}.
     *
     * @param url the backend URL, {@code --option} values already in its query
     * @param what {@code null} for the backend's own benchmark, or {@code "scheduler"}, {@code "primitives"} or {@code
     *     "metrics"}
     * @param duration the whole run, set-up and clean-up included
     * @param period the scheduler benchmark's task period
     * @param text where the text goes, in UTF-8
     * @param results where each result goes as a map of figures ({@code "result"} first), for {@code --json}
     * @return 0 when measured (a missed goal included), 1 when a measurement failed
     * @throws IllegalArgumentException if there is no benchmark for the URL's scheme (a usage error)
     * @throws InterruptedException if interrupted
     */
    int run(
            String url,
            String what,
            Duration duration,
            Duration period,
            OutputStream text,
            Consumer<Map<String, Object>> results)
            throws InterruptedException;
}
