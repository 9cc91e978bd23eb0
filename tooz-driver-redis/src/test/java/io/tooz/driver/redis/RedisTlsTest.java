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

    /**
     * Keys in the other forms OpenSSL writes and redis-py (OpenSSL) takes: SEC1 ({@code BEGIN EC PRIVATE KEY}) and
     * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), in {@code ssl_keyfile} or after the certificate in {@code ssl_certfile}.
     * An encrypted key is refused naming the file: redis-py's options have no key password.
     */
    @Test
    void sec1AndPkcs1KeysWorkAsInRedisPyAndAnEncryptedOneIsRefusedNamingTheFile() throws Exception {
        Path dir = certs.caCert().getParent();
        openssl(dir, "ec", "-in", "client-key.pem", "-out", "client-key-sec1.pem");
        openssl(dir, "genrsa", "-traditional", "-out", "rsa-key.pem", "2048");
        openssl(dir, "req", "-new", "-key", "rsa-key.pem", "-subj", "/CN=rsa-client", "-out", "rsa.csr");
        Files.writeString(dir.resolve("rsa.ext"), "extendedKeyUsage=clientAuth\n");
        openssl(
                dir,
                "x509",
                "-req",
                "-in",
                "rsa.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca-key.pem",
                "-set_serial",
                "9",
                "-days",
                "1",
                "-extfile",
                "rsa.ext",
                "-out",
                "rsa.pem");
        openssl(
                dir,
                "ec",
                "-in",
                "client-key.pem",
                "-aes256",
                "-passout",
                "pass:k3y-Pa55",
                "-out",
                "client-key-enc.pem");
        assertThat(Files.readString(dir.resolve("client-key-sec1.pem"))).contains("BEGIN EC PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("rsa-key.pem"))).contains("BEGIN RSA PRIVATE KEY");
        Path rsaCombined = dir.resolve("rsa-combined.pem");
        Files.writeString(
                rsaCombined, Files.readString(dir.resolve("rsa.pem")) + Files.readString(dir.resolve("rsa-key.pem")));
        try (PrivateRedis redis = tlsServer(true)) {
            String base = "rediss://127.0.0.1:" + redis.port + "?timeout=2&ssl_ca_certs=" + certs.caCert();
            for (String client : List.of(
                    "&ssl_certfile=" + certs.clientCert() + "&ssl_keyfile=" + dir.resolve("client-key-sec1.pem"),
                    "&ssl_certfile=" + dir.resolve("rsa.pem") + "&ssl_keyfile=" + dir.resolve("rsa-key.pem"),
                    "&ssl_certfile=" + rsaCombined)) {
                try (Coordinator c =
                        Coordinator.builder(base + client).memberId("keys").build()) {
                    c.start();
                    c.joinGroupCreate("g");
                    assertThat(c.getMembers("g").get()).as(client).containsExactly("keys");
                    c.leaveGroup("g").get();
                }
            }
            Path encrypted = dir.resolve("client-key-enc.pem");
            try (Coordinator c = Coordinator.builder(
                            base + "&ssl_certfile=" + certs.clientCert() + "&ssl_keyfile=" + encrypted)
                    .memberId("enc")
                    .build()) {
                assertThatThrownBy(c::start)
                        .isInstanceOf(ToozConfigurationException.class)
                        .hasMessageContaining("option 'ssl_keyfile' of redis:// names " + encrypted)
                        .hasMessageContaining("encrypted");
            }
        }
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
}
