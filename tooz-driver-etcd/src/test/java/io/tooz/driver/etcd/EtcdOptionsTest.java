package io.tooz.driver.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.InvalidNameException;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverOptions;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** URLs as Python tooz writes them; bad values fail at build time naming the value and the fix; no password shows. */
@Timeout(30)
class EtcdOptionsTest {

    private static EtcdSettings settings(String url, Map<String, List<String>> options) {
        return EtcdDriverProvider.settings(ConnectionUrl.parse(url), new DriverOptions("etcd3+http", options));
    }

    @Test
    void defaultsFollowPythonTooz() {
        EtcdSettings s = settings("etcd3+http://", Map.of());
        assertThat(s.endpoints()).containsExactly(URI.create("http://localhost:2379"));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.membershipTtlSeconds()).isEqualTo(30);
        assertThat(s.lockTtlSeconds()).isEqualTo(30);
        assertThat(s.tls()).isFalse();
    }

    @Test
    void timeoutsAreSecondsRoundedUpAsEtcdGrantsThem() {
        EtcdSettings s = settings(
                "etcd3+http://10.0.0.1?timeout=7",
                Map.of("timeout", List.of("7"), "membership_timeout", List.of("2500ms"), "lock_timeout", List.of("3")));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.membershipTtlSeconds()).isEqualTo(3);
        assertThat(s.lockTtlSeconds()).isEqualTo(3);
    }

    @Test
    void severalEndpointsFromHostsAndTheEndpointsOption() {
        EtcdSettings s = settings(
                "etcd3+https://u:pw@a:1,b",
                Map.of("endpoints", List.of("c:3,https://d:4"), "api_version", List.of("v3")));
        assertThat(s.endpoints())
                .containsExactly(
                        URI.create("https://a:1"),
                        URI.create("https://b:2379"),
                        URI.create("https://c:3"),
                        URI.create("https://d:4"));
        assertThat(s.tls()).isTrue();
        assertThat(s.address()).isEqualTo("a:1,b:2379,c:3,d:4");
        assertThat(s.user()).isEqualTo("u");
        assertThat(s.toString()).doesNotContain("pw");
    }

    @Test
    void badValuesAreRefusedSayingWhatToDo() {
        assertThatThrownBy(() -> settings("etcd3+http://a", Map.of("endpoints", List.of("https://b:1"))))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("https://b:1")
                .hasMessageContaining("every endpoint of etcd3+http:// is http");
        assertThatThrownBy(() -> settings("etcd3+http://a", Map.of("endpoints", List.of("b:1/x"))))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("b:1/x")
                .hasMessageContaining("HOST[:PORT]");
        assertThatThrownBy(() -> settings("etcd3+http://a/v3", Map.of()))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("/v3")
                .hasMessageContaining("hosts only");
        assertThatThrownBy(() -> settings("etcd3+http://a", Map.of("ca_cert", List.of("/nonexistent/ca.pem"))))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("/nonexistent/ca.pem")
                .hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> settings("etcd3+http://a", Map.of("ca_cert", List.of("/etc/hostname"))))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("etcd3+https://");
        assertThatThrownBy(() -> settings("etcd3+https://a", Map.of("cert_cert", List.of("/etc/hostname"))))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("cert_key");
        assertThatThrownBy(() -> Coordinator.builder("etcd3+http://a?lock_timeout=0.5")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("lock_timeout");
        assertThatThrownBy(() -> Coordinator.builder("etcd3+http://a?lock_ttl=5")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("lock_ttl");
        assertThatThrownBy(() -> Coordinator.builder("etcd3+http://:secret@a")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("USER:PASSWORD@")
                .hasMessageNotContaining("secret");
    }

    @Test
    @ServerTest
    void slashesInGroupAndMemberIdsAreRefusedBecauseTheKeysUseThem() {
        SharedServer.ETCD.require();
        try (Coordinator c = Coordinator.builder("etcd3+http://" + SharedServer.ETCD.hostPort() + "?timeout=2")
                .memberId("m")
                .build()) {
            c.start();
            assertThatThrownBy(() -> c.createGroup("a/b").get())
                    .isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining("a/b")
                    .hasMessageContaining("without '/'");
        }
        assertThatThrownBy(() -> Coordinator.builder("etcd3+http://" + SharedServer.ETCD.hostPort())
                        .memberId("x/y")
                        .build()
                        .start())
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("x/y");
    }

    @Test
    void anUnreachableServerWithAPasswordNamesTheAddressButNotThePassword() {
        try (Coordinator c = Coordinator.builder("etcd3+http://alice:s3cret@127.0.0.1:1?timeout=1")
                .memberId("m")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("127.0.0.1:1")
                    .hasMessageContaining("connection refused")
                    .hasMessageNotContaining("s3cret")
                    .hasMessageNotContaining("alice");
        }
    }
}
