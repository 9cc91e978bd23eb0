package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.tck.FaultPorts;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a user reads when the URL does not fit the server: a password the server does not have, a wrong or missing
 * one (on a private server with requirepass), a path that is not a database number, a port of another service. Never
 * the password, never this repository's scripts.
 */
@Timeout(120)
@ServerTest
class RedisErrorsTest {
    private static final String SECRET = "s3cret-Pw";

    @Test
    void aPasswordForAServerWithoutOneSaysToRemoveIt() {
        SharedServer.REDIS.require();
        try (Coordinator c = Coordinator.builder(
                        "redis://:" + SECRET + "@" + SharedServer.REDIS.hostPort() + "?timeout=5")
                .memberId("m")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("Redis at " + SharedServer.REDIS.hostPort() + " has no password")
                    .hasMessageContaining("remove the password from the URL")
                    .hasMessageContaining("set requirepass")
                    .hasMessageNotContaining(SECRET);
        }
    }

    @Test
    void aWrongOrMissingPasswordSaysWhichWithoutShowingIt() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(List.of("--requirepass", SECRET))) {
            String where = "127.0.0.1:" + redis.port;
            String wrong = "guess-" + UUID.randomUUID();
            expectRefused("redis://:" + wrong + "@" + where, wrong, "refused the credentials (a wrong password");
            expectRefused("redis://alice:" + wrong + "@" + where, wrong, "refused the credentials of user 'alice'");
            expectRefused("redis://" + where, SECRET, "requires a password (requirepass)");
            try (Coordinator ok = Coordinator.builder("redis://:" + SECRET + "@" + where + "?timeout=5")
                    .memberId("m")
                    .build()) {
                ok.start();
                assertThat(ok.getGroups().get()).isNotNull();
            }
        }
    }

    private static void expectRefused(String url, String secret, String says) {
        try (Coordinator c =
                Coordinator.builder(url + "?timeout=5").memberId("m").build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining(says)
                    .hasMessageNotContaining(secret);
        }
    }

    @Test
    void aPathMustBeADatabaseNumberAndIsHonoured() {
        assertThatThrownBy(() -> Coordinator.builder("redis://127.0.0.1:6379/x/y")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("path '/x/y'")
                .hasMessageContaining("database number");
        assertThatThrownBy(() -> Coordinator.builder("redis://127.0.0.1:6379/3?db=4")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("give the database once");

        SharedServer.REDIS.require();
        String group = "db-path-" + UUID.randomUUID();
        try (Coordinator viaPath = Coordinator.builder("redis://" + SharedServer.REDIS.hostPort() + "/3?timeout=5")
                        .memberId("a")
                        .build();
                Coordinator viaOption = Coordinator.builder(
                                "redis://" + SharedServer.REDIS.hostPort() + "?db=3&timeout=5")
                        .memberId("b")
                        .build();
                Coordinator dbZero = Coordinator.builder("redis://" + SharedServer.REDIS.hostPort() + "/?timeout=5")
                        .memberId("c")
                        .build()) {
            viaPath.start();
            viaOption.start();
            dbZero.start();
            viaPath.createGroup(group).get();
            try {
                assertThat(viaOption.getGroups().get()).contains(group);
                assertThat(dbZero.getGroups().get()).doesNotContain(group);
            } finally {
                viaPath.deleteGroup(group).get();
            }
        }
    }

    @Test
    void aPortOfAnotherServiceIsNamedAsNotRedis() {
        expectNotRedis("memcached", 11211, "memcached, by the look of it");
        expectNotRedis("zookeeper", 2181, "closed the connection without answering");
        SharedServer.POSTGRESQL.whileUp(() -> expectNotRedis(
                "postgresql", 5432, "closed the connection without answering")); // -T: JDBC's fault suites restart it
        SharedServer.MYSQL.whileUp(() -> expectNotRedis(
                "mysql", 3306, "MySQL or MariaDB, by the look of it")); // -T: JDBC's fault suites restart it
    }

    private static void expectNotRedis(String service, int port, String looksLike) {
        FaultPorts.requireListening(service, port);
        try (Coordinator c = Coordinator.builder("redis://127.0.0.1:" + port + "?timeout=5")
                .memberId("m")
                .build()) {
            long started = System.nanoTime();
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("the server at 127.0.0.1:" + port + " is not Redis")
                    .hasMessageContaining(looksLike)
                    .hasMessageNotContaining("backends.sh");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }
    }
}
