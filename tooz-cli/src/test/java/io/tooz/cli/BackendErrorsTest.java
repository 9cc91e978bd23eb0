package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.tck.FaultPorts;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exit codes and messages when a backend URL does not fit the server, on the shared servers of {@code
 * scripts/backends.sh}: another service on the port is a connection error (3) naming it, a URL the driver cannot
 * honour (credentials memcached has no use for, a Redis path that is no database) and capabilities too large for a
 * znode are usage errors (2), a password Redis does not have is a connection error saying to remove it. No message
 * shows the password or points at this repository's scripts.
 */
@Timeout(120)
class BackendErrorsTest {
    private static final String SECRET = "S3cr3t-" + UUID.randomUUID();

    @Test
    void anotherServiceOnThePortIsAConnectionErrorNamingIt() {
        FaultPorts.requireListening("redis", 6379);
        expect(3, "is not memcached", "groups", "--url", "memcached://127.0.0.1:6379?timeout=5");
        expect(3, "is not etcd", "groups", "--url", "etcd3+http://127.0.0.1:6379?timeout=5");
        expect(3, "is not ZooKeeper", "groups", "--url", "zookeeper://127.0.0.1:6379?timeout=5");
        FaultPorts.requireListening("memcached", 11211);
        expect(3, "is not Redis", "groups", "--url", "redis://127.0.0.1:11211?timeout=5");
        FaultPorts.requireListening("mysql", 3306);
        expect(3, "is not PostgreSQL", "groups", "--url", "postgresql://tooz:tooz@127.0.0.1:3306/tooz?timeout=5");
    }

    @Test
    void urlsADriverCannotHonourAreUsageErrors() {
        expect(2, "no authentication", "groups", "--url", "memcached://tooz:" + SECRET + "@127.0.0.1:11211");
        expect(2, "can only be a database number", "groups", "--url", "redis://127.0.0.1:6379/x/y");
    }

    @Test
    void aRedisPasswordTheServerDoesNotHaveSaysToRemoveIt() {
        FaultPorts.requireListening("redis", 6379);
        expect(3, "remove the password from the URL", "groups", "--url", "redis://:" + SECRET + "@127.0.0.1:6379");
    }

    @Test
    void capabilitiesTooLargeForAZnodeAreAUsageErrorAtOnce() {
        FaultPorts.requireListening("zookeeper", 2181);
        String big = "{\"blob\": \"" + "x".repeat(3 << 20) + "\"}";
        String url = "zookeeper://127.0.0.1:2181"; // refused before anything is written
        long started = System.nanoTime();
        expect(2, "jute.maxbuffer", "join", "--create", "big", "--capabilities=" + big, "--url", url);
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(4000);
    }

    private static void expect(int exit, String says, String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        assertThat(r.err()).contains(says).doesNotContain(SECRET).doesNotContain("backends.sh");
        assertThat(r.err().length()).as("a short message").isLessThan(1000);
    }
}
