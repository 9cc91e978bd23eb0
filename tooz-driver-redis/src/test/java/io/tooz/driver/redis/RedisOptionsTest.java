package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.junit.BlackHoleProxy;
import io.tooz.tck.OutputCapture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad URLs and options fail at build time with the bad value and the fix; passwords never show. Every option Python
 * tooz's redis driver reads (3.1.0 and master, its redis-py client arguments included) is accepted.
 */
@Timeout(30)
class RedisOptionsTest {

    @Test
    void badSentinelOptionsAndTlsOverUnixSocketsAreRefusedSayingWhatToDo() {
        assertThatThrownBy(() -> Coordinator.builder("redis://127.0.0.1:26379?sentinel=m&sentinel_fallback=nohostport")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("sentinel_fallback")
                .hasMessageContaining("nohostport");
        assertThatThrownBy(() -> Coordinator.builder("redis://127.0.0.1?sentinel_password=hunter2")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("sentinel=MASTER_NAME")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() ->
                        Coordinator.builder("redis://a:1,b:2").memberId("m").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("several hosts");
        assertThatThrownBy(() -> Coordinator.builder("rediss:///var/run/redis.sock")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("TLS over a Unix socket");
        assertThatThrownBy(() -> Coordinator.builder("redis://").memberId("m").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("redis:///path/to/redis.sock");
    }

    @Test
    void badOptionValuesAreNamed() {
        assertThatThrownBy(() -> Coordinator.builder("redis://127.0.0.1?lock_key_format=old")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("lock_key_format")
                .hasMessageContaining("legacy");
        assertThatThrownBy(() -> Coordinator.builder("redis://127.0.0.1?membership_timeout=0.1")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("membership_timeout");
        assertThatThrownBy(() -> Coordinator.builder("rediss://127.0.0.1?ssl_keyfile=/nonexistent.pem")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("ssl_keyfile")
                .hasMessageContaining("ssl_certfile");
        try (Coordinator c = Coordinator.builder("rediss://127.0.0.1?ssl_certfile=/nonexistent.pem")
                .memberId("m")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConfigurationException.class)
                    .hasMessageContaining("ssl_certfile")
                    .hasMessageContaining("/nonexistent.pem");
        }
        assertThatThrownBy(() -> Coordinator.builder("redis://127.0.0.1?ssl_ca_certs=/ca.pem")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("ssl=true");
    }

    @Test
    void sentinelsComeFromTheUrlAndTheFallbacks() {
        RedisSettings s = RedisDriverProvider.settings(
                io.tooz.spi.ConnectionUrl.parse("redis://10.0.0.1?sentinel=mymaster"),
                new io.tooz.spi.DriverOptions(
                        "redis",
                        java.util.Map.of(
                                "sentinel", java.util.List.of("mymaster"),
                                "sentinel_fallback", java.util.List.of("10.0.0.2:26380", "[::1]:26381"))));
        assertThat(s.sentinel().master()).isEqualTo("mymaster");
        assertThat(s.sentinel().sentinels()).containsExactly("10.0.0.1:26379", "10.0.0.2:26380", "::1:26381");
        assertThat(s.address()).isEqualTo("master mymaster via sentinel 10.0.0.1:26379,10.0.0.2:26380,::1:26381");
    }

    @Test
    void settingsFollowPythonDefaults() {
        RedisSettings s = RedisDriverProvider.settings(
                io.tooz.spi.ConnectionUrl.parse("redis://u:pw@10.0.0.1?timeout=7&lock_timeout=3"),
                new io.tooz.spi.DriverOptions(
                        "redis",
                        java.util.Map.of("timeout", java.util.List.of("7"), "lock_timeout", java.util.List.of("3"))));
        assertThat(s.port()).isEqualTo(6379);
        assertThat(s.namespace()).isEqualTo("_tooz");
        assertThat(s.membershipTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.legacyLockKeys()).isFalse();
        assertThat(s.toString()).doesNotContain("pw");
    }

    @Test
    void anUnreachableServerWithAPasswordNamesTheAddressButNotThePassword() {
        try (Coordinator c = Coordinator.builder("redis://alice:s3cret@127.0.0.1:1?timeout=1")
                .memberId("m")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("127.0.0.1:1")
                    .hasMessageContaining("check that Redis runs there")
                    .hasMessageNotContaining("backends.sh")
                    .hasMessageNotContaining("s3cret");
        }
    }

    @Test
    @ServerTest
    void wrongCredentialsAreReportedWithoutThePassword() {
        SharedServer.REDIS.require();
        try (Coordinator c = Coordinator.builder(
                        "redis://nobody:guess-me@" + SharedServer.REDIS.hostPort() + "?timeout=2")
                .memberId("m")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("credentials")
                    .hasMessageContaining("nobody")
                    .hasMessageNotContaining("guess-me");
        }
    }

    /** Each option Python tooz's redis driver reads, 3.1.0 and master, with a value as a Python user writes it. */
    private static final List<String> PYTHON_OPTIONS = List.of(
            "timeout=30",
            "membership_timeout=10.5",
            "lock_timeout=20",
            "namespace=_tooz",
            "encoding=utf8",
            "db=0",
            "retry_on_timeout=True",
            "socket_keepalive=1", // int() in 3.1.0
            "socket_keepalive=True", // bool in master
            "socket_timeout=30",
            "socket_timeout=2.5", // float() in master
            "socket_connect_timeout=5.0",
            "health_check_interval=30",
            "ssl=True",
            "ssl=true&ssl_certfile=/etc/redis/client.pem",
            "ssl=true&ssl_certfile=/etc/redis/client.crt&ssl_keyfile=/etc/redis/client.key",
            "ssl=true&ssl_ca_certs=/etc/ssl/certs/ca-certificates.crt",
            "sentinel=mymaster",
            "sentinel=mymaster&sentinel_fallback=10.0.0.2:26379&sentinel_fallback=10.0.0.3:26379",
            "sentinel=mymaster&sentinel_username=admin&sentinel_password=s3cret",
            "sentinel=mymaster&sentinel_ssl=True&ssl_ca_certs=/etc/ssl/ca.pem",
            "executor=threaded");

    @Test
    void everyOptionPythonToozReadsIsAccepted() {
        for (String query : PYTHON_OPTIONS) {
            try (Coordinator c = Coordinator.builder("redis://127.0.0.1:6379?" + query)
                    .memberId("m")
                    .build()) {
                assertThat(c).as(query).isNotNull();
            }
        }
        assertThatThrownBy(() -> Coordinator.builder("redis://127.0.0.1?sokcet_timeout=1")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("unknown option sokcet_timeout")
                .hasMessageContaining("socket_timeout");
        assertThatThrownBy(() -> Coordinator.builder("redis://127.0.0.1?encoding=latin-1")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("encoding")
                .hasMessageContaining("utf8");
    }

    @Test
    @ServerTest
    void pythonOptionsWorkTogetherAndThoseWithoutMeaningHereAreLoggedOnce() {
        SharedServer.REDIS.require();
        String url = "redis://" + SharedServer.REDIS.hostPort() + "?timeout=5&socket_timeout=2.5"
                + "&socket_connect_timeout=2&socket_keepalive=0&retry_on_timeout=True&health_check_interval=30"
                + "&encoding=utf8&db=0&namespace=_tooz_opts&executor=threaded&membership_timeout=5&lock_timeout=5";
        String log;
        try (OutputCapture out = new OutputCapture();
                Coordinator c = Coordinator.builder(url).memberId("opts").build()) {
            c.start();
            c.joinGroupCreate("g");
            assertThat(c.getMembers("g").get()).containsExactly("opts");
            c.leaveGroup("g").get();
            c.deleteGroup("g").get();
            log = out.text();
        }
        assertThat(log.split("ignoring executor, health_check_interval, retry_on_timeout of redis://", -1))
                .hasSize(2);
    }

    @Test
    void socketTimeoutIsTheCommandTimeoutAndTheConnectTimeoutsDefault() {
        RedisSettings s = settings("redis://10.0.0.1", Map.of("timeout", "20", "socket_timeout", "2.5"));
        assertThat(s.socketTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.membershipTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.keepAlive()).isTrue();
        RedisSettings t = settings("redis://10.0.0.1", Map.of("socket_connect_timeout", "1", "socket_keepalive", "0"));
        assertThat(t.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(t.keepAlive()).isFalse();
    }

    /**
     * As in redis-py, {@code socket_timeout} bounds each request: against a server that stops answering (a {@link
     * BlackHoleProxy} partitioned after start), a call ends after {@code socket_timeout}, not {@code timeout}.
     */
    @Test
    @ServerTest
    void aRequestTheServerDoesNotAnswerEndsAfterSocketTimeout() {
        SharedServer.REDIS.require();
        try (BlackHoleProxy proxy =
                        BlackHoleProxy.start(new InetSocketAddress("127.0.0.1", SharedServer.REDIS.port()));
                Coordinator c = Coordinator.builder(
                                "redis://" + proxy.hostPort() + "?timeout=30&socket_timeout=1.5&namespace=_tooz_st")
                        .memberId("st")
                        .build()) {
            c.start();
            c.createGroup("g").get();
            proxy.partition();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> c.getMembers("g").get())
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("socket_timeout");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isBetween(Duration.ofMillis(1400), Duration.ofMillis(3500));
            proxy.heal();
            c.deleteGroup("g").get();
        }
    }

    private static RedisSettings settings(String url, Map<String, String> options) {
        Map<String, List<String>> values = new java.util.LinkedHashMap<>();
        options.forEach((k, v) -> values.put(k, List.of(v)));
        return RedisDriverProvider.settings(
                io.tooz.spi.ConnectionUrl.parse(url), new io.tooz.spi.DriverOptions("redis", values));
    }
}
