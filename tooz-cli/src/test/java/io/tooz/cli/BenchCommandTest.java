package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.bench.BenchOutput;
import io.tooz.bench.FileBench;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's plumbing only; the ZooKeeper, Redis, PostgreSQL, MySQL, etcd, file and memcached benchmarks themselves are run by hand (speed
 * belongs in benchmarks), so the cases here need no server.
 */
class BenchCommandTest {

    @Test
    void memoryRunsTheLockBenchmarkAndPrintsRatios() {
        Cli.Result r = Cli.run("bench", "--url", Cli.uniqueUrl(), "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("ops/s")
                .containsPattern("ratio ours/raw-floor +\\d+\\.\\d+")
                .containsPattern("ratio ours/ShedLock +\\d+\\.\\d+");
    }

    @Test
    void fileRunsTheFileBenchmarkInTheUrlsDirectory(@TempDir Path dir) {
        Cli.Result r = Cli.run("bench", "--url", "file://" + dir.resolve("bench"), "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("ops/s", "raw floor: open FileChannel + lock() + close")
                .containsPattern("lock acquire: +ours/raw-floor +\\d+\\.\\d+ .* no goal; for reading");
    }

    @Test
    void helpAndOutputSayWhatIsMeasuredAndHowToReadItWithoutIssueNumbers(@TempDir Path dir) {
        String help = Cli.run("bench", "--help").out();
        assertThat(help).contains("How to read it", "operations per second, higher is better", "a missed goal is a");
        Cli.Result r = Cli.run("bench", "--url", "file://" + dir.resolve("bench"), "--duration", "2s");
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
        Cli.Result r = Cli.run("bench", "--url", "file://" + dir.resolve("bench"), "--duration", "3s");
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

        Cli.Result r = Cli.run("bench", "--url", "file://" + dir.resolve("json"), "--duration", "2s", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines())
                .allSatisfy(line -> assertThat(Json.parse(line)).isInstanceOf(Map.class));
        Map<?, ?> last =
                (Map<?, ?>) Json.parse(r.out().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(last.get("result")).isEqualTo("summary");
        assertThat(Cli.run("bench", "--url", Cli.uniqueUrl(), "--duration", "1s", "--json")
                        .out())
                .contains("\"result\":\"ratio\",\"ratio\":\"ours/ShedLock\"");
    }

    @Test
    void memcachedGoesToTheMemcachedBenchmarkWhichReportsAnUnreachableServer() {
        Cli.Result r = Cli.run("bench", "--url", "memcached://127.0.0.1:1", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("cannot reach memcached at 127.0.0.1:1", "scripts/backends.sh up memcached");
    }

    @Test
    void unknownSchemeIsAUsageError() {
        Cli.Result r = Cli.run("bench", "--url", "etcd3://127.0.0.1:2379", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip())
                .isEqualTo(
                        "tooz: no benchmark for scheme etcd3 yet; available: etcd3+http, file, ipc, memcached, memory, mysql, postgresql, redis, zookeeper");
    }

    @Test
    void redisGoesToTheRedisBenchmarkWhichReportsAnUnreachableServer() {
        Cli.Result r = Cli.run("bench", "--url", "redis://127.0.0.1:1", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("cannot reach Redis at 127.0.0.1:1");
    }

    @Test
    void redisOverTlsIsAUsageError() {
        Cli.Result r = Cli.run("bench", "--url", "rediss://127.0.0.1:6379", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("do not do TLS");
    }

    @Test
    void postgresqlGoesToTheJdbcBenchmarkWhichReportsAnUnreachableServer() {
        Cli.Result r = Cli.run("bench", "--url", "postgresql://tooz:secret@127.0.0.1:1/tooz", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains("cannot connect to PostgreSQL at 127.0.0.1:1/tooz", "scripts/backends.sh up postgresql")
                .doesNotContain("secret");
    }

    @Test
    void mysqlGoesToTheJdbcBenchmarkWhichReportsAnUnreachableServer() {
        Cli.Result r = Cli.run("bench", "--url", "mysql://tooz:secret@127.0.0.1:1/tooz", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains("cannot connect to MySQL at 127.0.0.1:1/tooz", "scripts/backends.sh up mysql")
                .doesNotContain("secret");
    }

    @Test
    void mysqlOverTlsIsAUsageError() {
        Cli.Result r =
                Cli.run("bench", "--url", "mysql://tooz:tooz@127.0.0.1:3306/tooz?ssl_ca=/ca.pem", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("does not do TLS");
    }

    @Test
    void etcdGoesToTheEtcdBenchmarkWhichReportsAnUnreachableServer() {
        Cli.Result r = Cli.run("bench", "--url", "etcd3+http://127.0.0.1:1", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("cannot reach etcd at 127.0.0.1:1", "scripts/backends.sh up etcd");
    }

    @Test
    void etcdOverTlsIsAUsageError() {
        Cli.Result r = Cli.run("bench", "--url", "etcd3+https://127.0.0.1:2379", "--duration", "1s");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("does not do TLS");
    }

    @Test
    void zeroDurationIsAUsageError() {
        Cli.Result r = Cli.run("bench", "--url", Cli.uniqueUrl(), "--duration", "0");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--duration must be more than 0");
    }
}
