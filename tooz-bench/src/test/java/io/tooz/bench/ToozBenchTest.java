package io.tooz.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tooz.cli.ToozCli;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tooz bench} as tooz-bench's jar runs it: the command's plumbing only; the ZooKeeper, Redis, PostgreSQL, MySQL, etcd, file and memcached benchmarks themselves are run by hand (speed
 * belongs in benchmarks), so the cases here need no server.
 */
class ToozBenchTest {

    /** The outcome of one command. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code tooz ARGS} in-process, with ToozBench behind its bench (ServiceLoader). */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ToozCli.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    static String uniqueUrl() {
        return "memory://bench-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Object parse(String json) {
        try {
            return JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Test
    void memoryRunsTheLockBenchmarkAndPrintsRatios() {
        Result r = run("bench", "--url", uniqueUrl(), "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("ops/s")
                .containsPattern("ratio ours/raw-floor +\\d+\\.\\d+")
                .containsPattern("ratio ours/ShedLock +\\d+\\.\\d+");
    }

    @Test
    void benchRowPrintsTheBackendsRowOfTheLockTableInTextAndJson() {
        Result r = run("bench", "row", "--url", uniqueUrl(), "--duration", "500ms");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains(LockRow.HEADER, LockRow.RULE, "python tooz: n/a")
                .containsPattern(
                        "\\| memory \\(this JVM\\) \\| [\\d,]+ \\| [\\d,]+ \\(ReentrantLock \\+ HashMap"
                                + " put/remove\\) \\| \\d+\\.\\d\\d \\| [\\d,]+ \\(ShedLock in-memory\\) \\| \\d+\\.\\d\\d \\| n/a");
        Result json = run("bench", "row", "--url", uniqueUrl(), "--duration", "500ms", "--json");
        assertThat(json.exit()).as(json.toString()).isZero();
        Map<?, ?> row = (Map<?, ?>) json.out()
                .lines()
                .map(ToozBenchTest::parse)
                .filter(m -> "row".equals(((Map<?, ?>) m).get("result")))
                .findFirst()
                .orElseThrow();
        assertThat(row.get("backend")).isEqualTo("memory (this JVM)");
        assertThat((Double) row.get("toozOverFloor")).isPositive();
        assertThat(row.get("anchor")).isEqualTo("ShedLock in-memory");
        assertThat(row.get("pythonOpsPerSecond")).isNull();
        assertThat((String) row.get("markdown")).startsWith("| memory (this JVM) | ");
    }

    @Test
    void benchPrimitivesComparesReadWriteLocksAndSemaphoresWithThePlainLock() {
        Result r = run("bench", "primitives", "--url", uniqueUrl(), "--duration", "2s");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .containsPattern("tooz readLock acquire\\(\\) \\+ release\\(\\) +[\\d,]+ ops/s")
                .containsPattern("tooz semaphore acquire\\(\\) \\+ release\\(\\) +[\\d,]+ ops/s")
                .containsPattern("read lock: +ours/plain lock +\\d+\\.\\d+ .* goal >= 0.90")
                .containsPattern("write lock: ours/plain lock +\\d+\\.\\d+")
                .contains("goals met: ");
    }

    @Test
    void benchMetricsComparesTheLockWithAndWithoutToozMetrics() {
        Result r = run("bench", "metrics", "--url", uniqueUrl(), "--duration", "2s");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .containsPattern("tooz lock acquire\\(\\) \\+ release\\(\\), no observer +[\\d,]+ ops/s")
                .containsPattern("tooz lock acquire\\(\\) \\+ release\\(\\), ToozMetrics bound +[\\d,]+ ops/s")
                .containsPattern("with metrics / without +\\d+\\.\\d+ .* goal >= 0.97")
                .containsPattern("ToozMetrics recorded [1-9][\\d,]* acquisitions")
                .contains("goals met: ");
    }

    @Test
    void fileRunsTheFileBenchmarkInTheUrlsDirectory(@TempDir Path dir) {
        Result r = run("bench", "--url", "file://" + dir.resolve("bench"), "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("ops/s", "raw floor: open FileChannel + lock() + close")
                .containsPattern("lock acquire: +ours/raw-floor +\\d+\\.\\d+ .* no goal; for reading");
    }

    @Test
    void helpAndOutputSayWhatIsMeasuredAndHowToReadItWithoutIssueNumbers(@TempDir Path dir) {
        String help = run("bench", "--help").out();
        assertThat(help).contains("How to read it", "operations per second, higher is better", "a missed goal is a");
        Result r = run("bench", "--url", "file://" + dir.resolve("bench"), "--duration", "2s");
        for (String text : new String[] {help, r.out()}) {
            assertThat(text.toLowerCase(java.util.Locale.ROOT))
                    .doesNotContain("issue")
                    .doesNotContain("target");
        }
        assertThat(r.out()).contains("higher is better", "lower is better", "no goals for file://");
    }

    @Test
    void theDurationIsTheWholeRunAndTheSplitIsStated(@TempDir Path dir) {
        long t0 = System.nanoTime();
        Result r = run("bench", "--url", "file://" + dir.resolve("bench"), "--duration", "3s");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("about 3 s in all: 50 % interleaved rounds, 10 % diagnostics, 25 % watch latency, the rest"
                        + " (15 %) set-up and clean-up");
        assertThat(seconds).as("3 s asked, set-up and clean-up included").isBetween(2.5, 3.8);
    }

    @Test
    void jsonIsOneDocumentPerResultWithTheFiguresOfTheText(@TempDir Path dir) throws Exception {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        List<Map<String, Object>> results = new ArrayList<>();
        try (BenchOutput out = new BenchOutput(text, results::add)) {
            assertThat(FileBench.run("file://" + dir.resolve("same"), Duration.ofSeconds(2), out))
                    .isZero();
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        List<Map<String, Object>> rates =
                results.stream().filter(m -> m.get("result").equals("rate")).toList();
        assertThat(rates).hasSize(4 + 3); // the lock table and the diagnostics
        for (Map<String, Object> rate : rates) {
            String ops = String.format("%,9.0f ops/s", (Double) rate.get("opsPerSecond"));
            assertThat(printed).contains(rate.get("variant") + " ").contains(ops);
        }
        for (Map<String, Object> ratio :
                results.stream().filter(m -> m.get("result").equals("ratio")).toList()) {
            assertThat(printed).contains(String.format("%.3f", (Double) ratio.get("value")));
        }
        assertThat(results.stream().map(m -> m.get("result"))).contains("benchmark", "split", "latency", "summary");

        Result r = run("bench", "--url", "file://" + dir.resolve("json"), "--duration", "2s", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines()).allSatisfy(line -> assertThat(parse(line)).isInstanceOf(Map.class));
        Map<?, ?> last = (Map<?, ?>) parse(r.out().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(last.get("result")).isEqualTo("summary");
        assertThat(run("bench", "--url", uniqueUrl(), "--duration", "1s", "--json")
                        .out())
                .contains("\"result\":\"ratio\",\"ratio\":\"ours/ShedLock\"");
    }

    @Test
    void memcachedGoesToTheMemcachedBenchmarkWhichReportsAnUnreachableServer() {
        Result r = run("bench", "--url", "memcached://127.0.0.1:1", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("cannot reach memcached at 127.0.0.1:1", "scripts/backends.sh up memcached");
    }

    @Test
    void unknownSchemeIsAUsageError() {
        Result r = run("bench", "--url", "consul://127.0.0.1:8500", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip())
                .isEqualTo(
                        "tooz: no benchmark for scheme consul yet; available: etcd, etcd3, etcd3+http, file, ipc, memcached, memory, mysql, postgresql, redis, zookeeper");
    }

    @Test
    void redisGoesToTheRedisBenchmarkWhichReportsAnUnreachableServer() {
        Result r = run("bench", "--url", "redis://127.0.0.1:1", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("cannot reach Redis at 127.0.0.1:1");
    }

    @Test
    void redisOverTlsIsAUsageError() {
        Result r = run("bench", "--url", "rediss://127.0.0.1:6379", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("do not do TLS");
    }

    @Test
    void postgresqlGoesToTheJdbcBenchmarkWhichReportsAnUnreachableServer() {
        Result r = run("bench", "--url", "postgresql://tooz:secret@127.0.0.1:1/tooz", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains("cannot connect to PostgreSQL at 127.0.0.1:1/tooz", "scripts/backends.sh up postgresql")
                .doesNotContain("secret");
    }

    @Test
    void mysqlGoesToTheJdbcBenchmarkWhichReportsAnUnreachableServer() {
        Result r = run("bench", "--url", "mysql://tooz:secret@127.0.0.1:1/tooz", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains("cannot connect to MySQL at 127.0.0.1:1/tooz", "scripts/backends.sh up mysql")
                .doesNotContain("secret");
    }

    @Test
    void mysqlOverTlsIsAUsageError() {
        Result r = run("bench", "--url", "mysql://tooz:tooz@127.0.0.1:3306/tooz?ssl_ca=/ca.pem", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("does not do TLS");
    }

    @Test
    void etcdGoesToTheEtcdBenchmarkWhichReportsAnUnreachableServer() {
        Result r = run("bench", "--url", "etcd3+http://127.0.0.1:1", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("cannot reach etcd at 127.0.0.1:1", "scripts/backends.sh up etcd");
    }

    @Test
    void etcdOverTlsIsAUsageError() {
        Result r = run("bench", "--url", "etcd3+https://127.0.0.1:2379", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("does not do TLS");
    }

    @Test
    void zeroDurationIsAUsageError() {
        Result r = run("bench", "--url", uniqueUrl(), "--duration", "0");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--duration must be more than 0");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void benchSchedulerPrintsEveryFigureOnMemory() {
        Result r = run("bench", "scheduler", "--url", uniqueUrl(), "--period", "500ms", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("about 6.5 s in all (more than the 1 s asked: the least this benchmark needs at --period"
                        + " 500 ms): 3 steady periods measured")
                .containsPattern("task runs/s \\(3 periods\\) +\\d+")
                .containsPattern("backend requests per task run +\\d+\\.\\d+ +goal <= 2.0")
                .containsPattern("busiest worker / mean load +\\d+\\.\\d+")
                .containsPattern("tasks moved on a join +\\d+ +ideal 1429, ratio \\d+\\.\\d+, goal <= 1.1")
                .containsPattern("tasks moved on a leave +\\d+ +ideal 1429")
                .containsPattern("duplicates / misses \\(steady phase\\) +0 / \\d+");
    }

    @Test
    void benchSchedulerRejectsABadUrlClearly() {
        Result scheme = run("bench", "scheduler", "--url", "nosuch://x", "--duration", "1s");
        assertThat(scheme.exit()).as(scheme.toString()).isEqualTo(2);
        assertThat(scheme.err()).startsWith("tooz: ").contains("nosuch");
        Result down = run("bench", "scheduler", "--url", "redis://127.0.0.1:1", "--duration", "1s");
        assertThat(down.exit()).as(down.toString()).isEqualTo(3);
        assertThat(down.err()).startsWith("tooz: ").contains("127.0.0.1:1");
        Result what = run("bench", "nosuch", "--url", uniqueUrl());
        assertThat(what.exit()).isEqualTo(2);
        assertThat(what.err()).contains("unknown benchmark 'nosuch'; available: scheduler");
    }
}
