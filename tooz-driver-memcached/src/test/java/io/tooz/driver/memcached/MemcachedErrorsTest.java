package io.tooz.driver.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.SerializationException;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.tck.FaultPorts;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a user reads when the URL is wrong: credentials and paths are refused, a port of another service (the shared
 * Redis, ZooKeeper and PostgreSQL of {@code scripts/backends.sh}) is named as not memcached, and no message sends a
 * production user to this repository's scripts.
 */
@Timeout(60)
class MemcachedErrorsTest {

    @Test
    void credentialsInTheUrlAreRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> Coordinator.builder("memcached://alice:s3cret@127.0.0.1:11211")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("no authentication")
                .hasMessageContaining("remove them from the URL")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aPathIsRefused() {
        assertThatThrownBy(() -> Coordinator.builder("memcached://127.0.0.1:11211/0")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("path '/0'");
    }

    @Test
    @ServerTest
    void capabilitiesLargerThanAnItemAreRefusedNamingTheLimit() {
        SharedServer.MEMCACHED.require();
        String group = "too-large-" + UUID.randomUUID();
        try (Coordinator c = Coordinator.builder("memcached://" + SharedServer.MEMCACHED.hostPort() + "?timeout=5")
                .memberId("m")
                .build()) {
            c.start();
            c.createGroup(group).get();
            assertThatThrownBy(() -> c.joinGroup(group, Capabilities.of(Map.of("blob", "x".repeat(2 << 20))))
                            .get())
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("cannot store 2097")
                    .hasMessageContaining("item size limit")
                    .hasMessageContaining("-I");
            assertThat(c.getMembers(group).get()).isEmpty();
            c.deleteGroup(group).get();
        }
    }

    @Test
    @ServerTest
    void aPortOfAnotherServiceIsNamedAsNotMemcached() {
        expectNotMemcached("redis", 6379, "Redis, by the look of it");
        expectNotMemcached("zookeeper", 2181, "closed the connection without answering");
        SharedServer.POSTGRESQL.whileUp(() -> expectNotMemcached(
                "postgresql", 5432, "closed the connection without answering")); // -T: JDBC's fault suites restart it
        SharedServer.MYSQL.whileUp(() -> expectNotMemcached(
                "mysql", 3306, "MySQL or MariaDB, by the look of it")); // -T: JDBC's fault suites restart it
    }

    @Test
    void aStoppedServerIsNamedWithoutPointingAtThisRepositorysScripts() {
        InetSocketAddress nobody = FaultPorts.refused();
        String where = "127.0.0.1:" + nobody.getPort();
        try (Coordinator c = Coordinator.builder("memcached://" + where + "?timeout=2")
                .memberId("m")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("cannot connect to memcached at " + where)
                    .hasMessageContaining("Connection refused")
                    .hasMessageContaining("check that memcached runs there")
                    .hasMessageNotContaining("backends.sh");
        }
    }

    private static void expectNotMemcached(String service, int port, String looksLike) {
        requireListening(service, port);
        try (Coordinator c = Coordinator.builder("memcached://127.0.0.1:" + port + "?timeout=5")
                .memberId("m")
                .build()) {
            long started = System.nanoTime();
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("the server at 127.0.0.1:" + port + " is not memcached")
                    .hasMessageContaining(looksLike)
                    .hasMessageNotContaining("backends.sh");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(7));
        }
    }

    /** Fails, saying how to start it, unless a shared test server listens on {@code port}. */
    static void requireListening(String service, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            throw new AssertionError(service + " is not listening on 127.0.0.1:" + port
                    + ": start it with scripts/backends.sh up " + service + " (" + e.getMessage() + ")");
        }
    }
}
