package io.tooz.driver.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python tooz's URL and options; bad values fail at build time naming the option. */
class MemcachedOptionsTest {

    private static MemcachedSettings settings(String url, Map<String, List<String>> options) {
        return MemcachedDriverProvider.settings(ConnectionUrl.parse(url), new DriverOptions("memcached", options));
    }

    @Test
    void defaultsAreLocalhost11211AndThirtySeconds() {
        MemcachedSettings s = settings("memcached://", Map.of());
        assertThat(s.address()).isEqualTo("localhost:11211");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.membershipTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.leaderTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxPoolSize()).isEqualTo(16);
    }

    @Test
    void timeoutIsTheDefaultOfTheTtlsAndEachCanBeSet() {
        MemcachedSettings s = settings(
                "memcached://10.0.0.1:11311",
                Map.of(
                        "timeout", List.of("5"),
                        "lock_timeout", List.of("7"),
                        "leader_timeout", List.of("2.5"),
                        "max_pool_size", List.of("3"),
                        "executor", List.of("threaded")));
        assertThat(s.address()).isEqualTo("10.0.0.1:11311");
        assertThat(s.membershipTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.leaderTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(MemcachedSettings.seconds(s.leaderTimeout())).isEqualTo(4);
        assertThat(s.maxPoolSize()).isEqualTo(3);
    }

    @Test
    void badValuesAreNamed() {
        for (String bad : List.of(
                "membership_timeout=0.5", "lock_timeout=x", "leader_timeout=31d", "max_pool_size=0", "timeout=-1")) {
            assertThatThrownBy(() -> Coordinator.builder("memcached://127.0.0.1?" + bad)
                            .memberId("m")
                            .build())
                    .as(bad)
                    .isInstanceOf(ToozConfigurationException.class)
                    .hasMessageContaining(bad.substring(0, bad.indexOf('=')));
        }
    }

    @Test
    void unknownOptionsSeveralHostsAndTlsAreRefused() {
        assertThatThrownBy(() -> Coordinator.builder("memcached://127.0.0.1?nope=1")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() ->
                        Coordinator.builder("memcached://a:1,b:2").memberId("m").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("several hosts");
        assertThatThrownBy(() -> Coordinator.builder("memcached://127.0.0.1?use_ssl=true&ca_cert=/ca.pem")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("use_ssl");
    }
}
