package io.tooz.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * Runs the benchmark for the backend named by {@code --url}, or {@code bench scheduler} on any backend, through the
 * {@link Benchmarks} of tooz-bench's jar ({@code ./tooz bench} runs that jar); in the tooz jar alone it says so. Under
 * {@code --json} each result becomes a JSON line.
 */
@Command(
        name = "bench",
        description = {
            "Measure tooz on the backend named by --url against the least the same server can do for the same"
                    + " operation (the raw floor: that operation done by hand with the bare client) and, where there"
                    + " is one, a competing library, all in one run so that the machine's state affects them alike.",
            "How to read it: rates are operations per second, higher is better: the median of short interleaved"
                    + " rounds, the range across rounds beside it. A ratio ours/raw-floor near 1 means tooz adds"
                    + " little to the bare client; above 1 against a competitor means tooz is faster. Latencies are"
                    + " in ms, lower is better: p50, p99, max. Some figures have a goal (e.g. lock >= 0.95x the raw"
                    + " floor) with 'met' or 'MISSED' beside it; a missed goal is a finding, not an error.",
            "zookeeper://: lock acquire+release (also tryAcquire), the raw floor (create+delete of an ephemeral"
                    + " znode with the bare client), Curator's InterProcessMutex, join+leave, the requests each sends,"
                    + " and join -> watcher callback latency, in a fresh namespace unless the URL names one.",
            "redis://: lock acquire+release (also tryAcquire), the raw floor (Jedis SET NX PX + EVALSHA"
                    + " compare-and-delete), Redisson's RLock, the same with 16 threads on distinct locks, the"
                    + " commands each sends, and the hand-off latency to one of 8 blocked waiters, in a fresh"
                    + " namespace unless the URL names one; its keys are deleted afterwards.",
            "postgresql://, mysql://: lock acquire+release (also tryAcquire), the raw floor (pg_try_advisory_lock +"
                    + " pg_advisory_unlock, resp. GET_LOCK + RELEASE_LOCK, on one connection with the same JDBC"
                    + " driver), join+leave, and join -> watcher callback latency, under names of the benchmark's"
                    + " own; its groups and fence rows are deleted afterwards.",
            "etcd3+http://: lock acquire+release (also tryAcquire), the raw floor (jetcd put with a lease + delete),"
                    + " etcd's own Lock service through jetcd, join+leave, and join -> watcher callback latency, under"
                    + " names of the benchmark's own, deleted afterwards. The bare jetcd client speaks plain http only"
                    + " (etcd3+https:// is refused).",
            "file://, ipc://: lock acquire+release (also tryAcquire), the raw floor (FileChannel open + lock() + close"
                    + " on a file of the same directory), join+leave, and join -> watcher callback latency; no goals."
                    + " Its groups, lock file and fence counter are deleted afterwards.",
            "memcached://: lock acquire+release (also tryAcquire), the raw floor (add with a TTL + delete on one bare"
                    + " connection, Python tooz's lock), join+leave, and join -> watcher callback latency (the watcher"
                    + " polls); no goals. Its groups and keys are deleted afterwards.",
            "memory://: lock tryAcquire+release against a ReentrantLock+HashMap floor and ShedLock in-memory.",
            "bench scheduler (any backend): 6 workers, each its own coordinator, share 10,000 tasks of 1 ms every"
                    + " --period: task runs per second, backend requests per task run (goal <= 2), tasks moved when a"
                    + " 7th worker joins and leaves against the ideal 1/7 (goal <= 1.1x), busiest worker against the"
                    + " mean, duplicates and misses (must be 0).",
            "bench row (any backend): the backend's row of the lock table, lock acquire+release per second for"
                    + " tooz, the raw floor, the best competing library (Curator, Redisson, jetcd's Lock; none for SQL,"
                    + " memcached and file) and Python tooz 3.1.0 (a /usr/bin/python3 subprocess, when installed), all"
                    + " medians of interleaved rounds of one run, with tooz's ratio to each, as a markdown row"
                    + " (scripts/lock-table.sh prints the whole table).",
            "bench scale (any backend): lock acquire+release per second with 1, 4 and 16 coordinators on distinct"
                    + " locks and on one contended lock; join, leave and watcher-callback latency with 10, 100, 1,000"
                    + " (and on memory:// 10,000) members in the group; the scheduler's runs per second, requests per"
                    + " run and skipped runs at 1,000, 10,000 and 100,000 tasks per --period, with the time one"
                    + " boundary's claims take.",
            "--duration is the whole run, set-up, warm-ups and clean-up included; the first lines say how it is split."
                    + " --option values are added to the URL's query; --member-id is ignored.",
            "With --json: one JSON object a line per result, {\"result\": \"rate\" | \"ratio\" | \"requests\""
                    + " | \"latency\" | \"figure\" | \"benchmark\" | \"split\" | \"summary\", ...}, with the"
                    + " same figures as the text.",
            "Exit 0 when measured (a missed goal is not an error), 1 when a measurement failed, 2 for a scheme"
                    + " without a benchmark, 3 when the backend cannot be reached."
        })
final class BenchCommand extends CoordinatorCommand {
    static final String NOT_HERE = "bench is not in this jar: the benchmarks measure tooz against libraries this jar"
            + " does not ship. Run ./tooz bench ... in a source tree (it builds them), or java -jar"
            + " tooz-bench/target/tooz-bench-<version>-all.jar OPTIONS (those of tooz bench)";

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            defaultValue = "60s",
            description = "How long the whole run takes, set-up and clean-up included (default: 60s); the JVM's own"
                    + " start, about a second, comes on top.")
    Duration duration;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "WHAT",
            description = "'scheduler' for the periodic-task benchmark, 'primitives' for read-write locks and"
                    + " semaphores against the plain lock and Curator/Redisson (any backend), 'metrics' for the lock"
                    + " with and without tooz-micrometer's ToozMetrics, 'row' for the backend's row of the lock table,"
                    + " 'scale' for threads, group sizes and scheduler sizes; omitted, the backend's own.")
    String what;

    @Option(
            names = "--period",
            paramLabel = "DURATION",
            defaultValue = "1s",
            description = "bench scheduler: the tasks' period (default: 1s).")
    Duration period;

    @Override
    public Integer call() throws InterruptedException {
        Benchmarks benchmarks = ServiceLoader.load(Benchmarks.class).findFirst().orElse(null);
        if (benchmarks == null) {
            return fail(NOT_HERE, ExitCodes.USAGE);
        }
        if (duration.isZero()) {
            throw new ParameterException(spec.commandLine(), "--duration must be more than 0");
        }
        if (what != null
                && !List.of("scheduler", "primitives", "metrics", "row", "scale")
                        .contains(what)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "unknown benchmark '" + what
                            + "'; available: scheduler, primitives, metrics, row, scale (or none)");
        }
        if (period.toMillis() < 100) {
            throw new ParameterException(spec.commandLine(), "--period must be at least 100ms, got " + period);
        }
        String url = withOptions(options().url(), options().options());
        OutputStream text = json() ? OutputStream.nullOutputStream() : lines(out());
        Consumer<Map<String, Object>> results = json() ? row -> println(Json.write(row)) : row -> {};
        return benchmarks.run(url, what, duration, period, text, results); // which flushes text
    }

    /** The URL with the {@code --option}s appended to its query (the drivers let later values win). */
    private static String withOptions(String url, Map<String, String> options) {
        StringBuilder b = new StringBuilder(url);
        char sep = url.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : options.entrySet()) {
            b.append(sep)
                    .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return b.toString();
    }

    /** UTF-8 bytes onto the command's writer, each completed line passed through at once. */
    private static OutputStream lines(PrintWriter writer) {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                pending.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                pending.write(b, off, len);
            }

            @Override
            public synchronized void flush() {
                if (pending.size() > 0) {
                    writer.write(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                }
                writer.flush();
            }
        };
    }
}
