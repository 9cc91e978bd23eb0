package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.tck.ServerTest;
import io.tooz.tck.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rediss://} against a TLS-only redis-server of the test's own, with {@link TestCertificates}:
 * server verification against {@code ssl_ca_certs}, client certificates, and a clear failure for an untrusted server.
 */
@Timeout(60)
@ServerTest
class RedisTlsTest {
    private static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create();
    }

    @AfterAll
    static void removeCertificates() {
        certs.close();
    }

    private static PrivateRedis tlsServer(boolean clientCertificates) throws Exception {
        return PrivateRedis.start(List.of(
                "--tls-port",
                "--tls-cert-file",
                certs.serverCert().toString(),
                "--tls-key-file",
                certs.serverKey().toString(),
                "--tls-ca-cert-file",
                certs.caCert().toString(),
                "--tls-auth-clients",
                clientCertificates ? "yes" : "no"));
    }

    @Test
    void rootCaVerifiesTheServerAndEverythingWorksOverTls() throws Exception {
        try (PrivateRedis redis = tlsServer(false);
                Coordinator c = Coordinator.builder(
                                "rediss://127.0.0.1:" + redis.port + "?ssl_ca_certs=" + certs.caCert() + "&timeout=2")
                        .memberId("tls")
                        .build()) {
            c.start();
            c.joinGroupCreate("g");
            assertThat(c.getMembers("g").get()).containsExactly("tls");
            try (LockLease lease = c.getLock("x").acquire()) {
                assertThat(lease.isStillOwner()).isTrue();
            }
        }
    }

    @Test
    void clientCertificatesAreSentWhenTheServerAsksForThem() throws Exception {
        try (PrivateRedis redis = tlsServer(true)) {
            String base = "redis://127.0.0.1:" + redis.port + "?ssl=true&timeout=2&ssl_ca_certs=" + certs.caCert();
            try (Coordinator c = Coordinator.builder(
                            base + "&ssl_certfile=" + certs.clientCert() + "&ssl_keyfile=" + certs.clientKey())
                    .memberId("mtls")
                    .build()) {
                c.start();
                c.joinGroupCreate("g");
                assertThat(c.getMembers("g").get()).containsExactly("mtls");
            }
            try (Coordinator anonymous =
                    Coordinator.builder(base).memberId("anon").build()) {
                assertThatThrownBy(anonymous::start).isInstanceOf(ToozConnectionException.class);
            }
        }
    }

    @Test
    void anUntrustedServerIsRefused() throws Exception {
        try (PrivateRedis redis = tlsServer(false);
                Coordinator c = Coordinator.builder("rediss://127.0.0.1:" + redis.port + "?timeout=2")
                        .memberId("x")
                        .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("127.0.0.1:" + redis.port)
                    .hasMessageContaining("ssl_ca_certs");
        }
    }

    /**
     * redis-py's combined PEM: {@code ssl_certfile} holding the client's key and certificate, no {@code ssl_keyfile}
     * (either order in the file); a certificate file without a key and no {@code ssl_keyfile} is refused, naming both.
     */
    @Test
    void aCombinedPemInSslCertfileAloneIsTheClientCertificate() throws Exception {
        Path dir = certs.caCert().getParent();
        Path keyFirst = dir.resolve("client-key-and-cert.pem");
        Path certFirst = dir.resolve("client-cert-and-key.pem");
        Files.writeString(keyFirst, Files.readString(certs.clientKey()) + Files.readString(certs.clientCert()));
        Files.writeString(certFirst, Files.readString(certs.clientCert()) + Files.readString(certs.clientKey()));
        try (PrivateRedis redis = tlsServer(true)) {
            String base = "rediss://127.0.0.1:" + redis.port + "?timeout=2&ssl_ca_certs=" + certs.caCert();
            for (Path combined : List.of(keyFirst, certFirst)) {
                try (Coordinator c = Coordinator.builder(base + "&ssl_certfile=" + combined)
                        .memberId("combined")
                        .build()) {
                    c.start();
                    c.joinGroupCreate("g-" + combined.getFileName());
                    assertThat(c.getMembers("g-" + combined.getFileName()).get())
                            .containsExactly("combined");
                }
            }
            try (Coordinator noKey = Coordinator.builder(base + "&ssl_certfile=" + certs.clientCert())
                    .memberId("nokey")
                    .build()) {
                assertThatThrownBy(noKey::start)
                        .isInstanceOf(ToozConfigurationException.class)
                        .hasMessageContaining("ssl_certfile")
                        .hasMessageContaining("no private key")
                        .hasMessageContaining("ssl_keyfile");
            }
        }
    }
}
