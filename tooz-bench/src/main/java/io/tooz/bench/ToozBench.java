package io.tooz.bench;

import io.tooz.cli.Benchmarks;
import io.tooz.cli.ToozCli;
import io.tooz.spi.ConnectionUrl;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * tooz-bench's runnable jar: {@code java -jar tooz-bench-<version>-all.jar [OPTIONS] [WHAT]} is {@code tooz bench
 * [OPTIONS] [WHAT]}, the tooz command with these benchmarks behind its {@code bench} ({@link Benchmarks}, registered
 * for {@link java.util.ServiceLoader}). {@code ./tooz bench ...} runs this jar with its arguments less the word bench.
 */
public final class ToozBench implements Benchmarks {
    /** For ServiceLoader. */
    public ToozBench() {}

    /** Runs {@code tooz bench ARGS}. */
    public static void main(String[] args) {
        ToozCli.main(Stream.concat(Stream.of("bench"), Stream.of(args)).toArray(String[]::new));
    }

    @Override
    public int run(
            String url,
            String what,
            Duration duration,
            Duration period,
            OutputStream text,
            Consumer<Map<String, Object>> results)
            throws InterruptedException {
        BenchOutput out = new BenchOutput(text, results);
        try {
            String scheme = ConnectionUrl.parse(url).scheme();
            if ("primitives".equals(what)) {
                return PrimitivesBench.run(url, duration, out);
            }
            if ("row".equals(what)) {
                return LockRow.run(url, duration, out);
            }
            if ("scale".equals(what)) {
                return ScaleRun.run(url, duration, period, out);
            }
            if ("metrics".equals(what)) {
                return MetricsBench.run(url, duration, out);
            }
            if (what != null) {
                return SchedulerBench.run(url, duration, period, out);
            }
            return switch (scheme) {
                case "zookeeper", "kazoo" -> ZooKeeperBench.run(url, duration, out);
                case "redis", "rediss" -> RedisBench.run(url, duration, out);
                case "postgresql", "mysql" -> JdbcBench.run(url, duration, out);
                case "etcd3+http", "etcd3+https", "etcd3", "etcd" -> EtcdBench.run(url, duration, out);
                case "file", "ipc" -> FileBench.run(url, duration, out);
                case "memcached" -> MemcachedBench.run(url, duration, out);
                case "memory", "zake" -> ScaleBench.lockRoundTrips(url, duration, out);
                default -> throw new IllegalArgumentException("no benchmark for scheme " + scheme
                        + " yet; available: etcd, etcd3, etcd3+http, file, ipc, memcached, memory, mysql,"
                        + " postgresql, redis, zookeeper");
            };
        } finally {
            out.flush();
        }
    }
}
