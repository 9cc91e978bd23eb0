package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
                .containsPattern("lock acquire: +ours/raw-floor +\\d+\\.\\d+ .* no target");
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
