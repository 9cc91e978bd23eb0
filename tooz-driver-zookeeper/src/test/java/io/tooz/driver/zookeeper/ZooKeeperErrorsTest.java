package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.SerializationException;
import io.tooz.ToozConnectionException;
import io.tooz.tck.FaultPorts;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a user reads when the data or the URL does not fit: capabilities larger than a znode fail at once naming the
 * limit and how to raise it (not, seconds later, as a lost connection), a port of another service (the shared
 * servers of {@code scripts/backends.sh}) is named as not ZooKeeper, a stopped server is named; never this
 * repository's scripts.
 */
@Timeout(120)
@ServerTest
class ZooKeeperErrorsTest {
    private final String namespace = "tooz-errors-" + UUID.randomUUID();
    private final String url =
            "zookeeper://" + SharedServer.ZOOKEEPER.hostPort() + "?timeout=10&namespace=" + namespace;

    @BeforeAll
    static void serverIsUp() {
        SharedServer.ZOOKEEPER.require();
    }

    @AfterEach
    void dropNamespace() throws Exception {
        ZooKeeperChrootTest.deleteTree("/" + namespace);
    }

    @Test
    void capabilitiesLargerThanAZnodeFailAtOnceNamingTheLimit() {
        Capabilities huge = Capabilities.of(Map.of("blob", "x".repeat(3 * 1024 * 1024)));
        try (Coordinator c = Coordinator.builder(url).memberId("big").build()) {
            c.start();
            c.createGroup("g").get();
            long started = System.nanoTime();
            assertThatThrownBy(() -> c.joinGroup("g", huge).get())
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("ZooKeeper cannot store 3145")
                    .hasMessageContaining("jute.maxbuffer = 1048575 bytes")
                    .hasMessageContaining("-Djute.maxbuffer=");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            assertThat(c.getMembers("g").get()).isEmpty();

            c.joinGroup("g", Capabilities.of(Map.of("small", 1))).get();
            assertThatThrownBy(() -> c.updateCapabilities("g", huge).get())
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("updating capabilities in g");
            assertThat(c.getMemberCapabilities("g", "big").get().getLong("small"))
                    .contains(1L);
            assertThat(c.getGroups().get()).contains("g"); // the connection is still fine
        }
    }

    @Test
    void capabilitiesJustBelowTheLimitAreStoredAndReadTogether() {
        String blob = "y".repeat(700 * 1024); // two of them are more than one ZooKeeper packet
        try (Coordinator a = Coordinator.builder(url).memberId("a").build();
                Coordinator b = Coordinator.builder(url).memberId("b").build()) {
            a.start();
            b.start();
            a.joinGroupCreate("big", Capabilities.of(Map.of("blob", blob)));
            b.joinGroup("big", Capabilities.of(Map.of("blob", blob))).get();
            Map<String, Capabilities> all = a.getMembersWithCapabilities("big").get();
            assertThat(all).containsOnlyKeys("a", "b");
            assertThat(all.get("b").getString("blob")).contains(blob);
        }
    }

    @Test
    void aPortOfAnotherServiceIsNamedAsNotZooKeeper() {
        expectNotZooKeeper("redis", 6379, "Redis, by the look of it");
        expectNotZooKeeper("memcached", 11211, "memcached, by the look of it");
        expectNotZooKeeper("etcd", 2379, "closed the connection without answering");
        SharedServer.POSTGRESQL.whileUp(() -> expectNotZooKeeper(
                "postgresql", 5432, "closed the connection without answering")); // -T: JDBC's fault suites restart it
        SharedServer.MYSQL.whileUp(() -> expectNotZooKeeper(
                "mysql", 3306, "MySQL or MariaDB, by the look of it")); // -T: JDBC's fault suites restart it
    }

    @Test
    void aStoppedServerIsNamedWithoutPointingAtThisRepositorysScripts() {
        String where = "127.0.0.1:" + FaultPorts.refused().getPort();
        try (Coordinator c = Coordinator.builder("zookeeper://" + where + "?timeout=5")
                .memberId("m")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("connection refused by " + where)
                    .hasMessageContaining("Check that ZooKeeper runs there")
                    .hasMessageNotContaining("backends.sh");
        }
    }

    private static void expectNotZooKeeper(String service, int port, String looksLike) {
        FaultPorts.requireListening(service, port);
        try (Coordinator c = Coordinator.builder("zookeeper://127.0.0.1:" + port + "?timeout=10")
                .memberId("m")
                .build()) {
            long started = System.nanoTime();
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("the server at 127.0.0.1:" + port + " is not ZooKeeper")
                    .hasMessageContaining(looksLike)
                    .hasMessageNotContaining("backends.sh");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
