package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad URLs and options fail at build time with the bad value and the fix; passwords never show. */
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
        assertThatThrownBy(() -> Coordinator.builder("rediss://127.0.0.1?ssl_certfile=/nonexistent.pem")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("ssl_keyfile");
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
}
