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
    void unknownOptionsAndSeveralHostsAreRefused() {
        assertThatThrownBy(() -> Coordinator.builder("memcached://127.0.0.1?nope=1")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() ->
                        Coordinator.builder("memcached://a:1,b:2").memberId("m").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("several hosts");
    }

    @Test
    void everyOptionPythonToozReadsIsAccepted() {
        // 3.1.0 and master: the TTLs, max_pool_size, executor (ignored) and master's TLS options, read only with
        // use_ssl
        ConnectionUrl url = ConnectionUrl.parse("memcached://127.0.0.1?timeout=5&membership_timeout=6&lock_timeout=7"
                + "&leader_timeout=8&max_pool_size=4&executor=threaded&use_ssl=false&ca_cert=/nowhere/ca.pem"
                + "&ssl_key=/nowhere/key.pem&ssl_key_password=secret&ssl_cert=/nowhere/cert.pem");
        DriverOptions o = new DriverOptions("memcached", url.query());
        MemcachedSettings s = MemcachedDriverProvider.settings(url, o);
        assertThat(o.unknown()).isEmpty();
        assertThat(o.ignoredGiven()).containsExactly("executor");
        assertThat(s.lockTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.tls())
                .as("TLS options without use_ssl, ignored as in Python")
                .isNull();
        MemcachedSettings more = settings(
                "memcached://127.0.0.1", Map.of("ssl_ciphers", List.of("HIGH"), "ssl_check_hostname", List.of("true")));
        assertThat(more.tls()).isNull();
    }

    @Test
    void tlsOptionsAreCheckedAtBuildTimeNamingTheOption() {
        assertThat(settings("memcached://127.0.0.1", Map.of("use_ssl", List.of("true")))
                        .tls())
                .isNotNull();
        assertThat(settings(
                                "memcached://127.0.0.1",
                                Map.of(
                                        "use_ssl", List.of("yes"),
                                        "ssl_ciphers", List.of("ECDHE-ECDSA-AES256-GCM-SHA384")))
                        .tls()
                        .ciphers())
                .startsWith("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
                .contains("TLS_AES_128_GCM_SHA256");
        for (String[] bad : new String[][] {
            {"use_ssl=true&ca_cert=/nowhere/ca.pem", "option 'ca_cert' of memcached:// names /nowhere/ca.pem"},
            {"use_ssl=true&ssl_cert=/nowhere/c.pem", "option 'ssl_cert' of memcached:// names /nowhere/c.pem"},
            {"use_ssl=true&ssl_key=/nowhere/k.pem", "'ssl_key' of memcached:// is given without 'ssl_cert'"},
            {"use_ssl=true&ssl_ciphers=ALL", "option 'ssl_ciphers' of memcached:// names 'ALL'"},
            {"use_ssl=maybe", "use_ssl"}
        }) {
            assertThatThrownBy(() -> Coordinator.builder("memcached://127.0.0.1?" + bad[0])
                            .memberId("m")
                            .build())
                    .as(bad[0])
                    .isInstanceOf(ToozConfigurationException.class)
                    .hasMessageContaining(bad[1]);
        }
    }
}
