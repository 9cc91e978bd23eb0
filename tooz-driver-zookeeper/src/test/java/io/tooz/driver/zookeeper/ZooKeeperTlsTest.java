package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.tck.OutputCapture;
import io.tooz.tck.ServerTest;
import io.tooz.tck.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code use_ssl} as Python tooz users write it (kazoo's {@code ca}, {@code certfile}, {@code keyfile}, {@code
 * verify_certs}), against a real ZooKeeper server of the test's own that speaks only TLS and requires client
 * certificates signed by its CA ({@link PrivateZooKeeper#startTls}, {@link TestCertificates}).
 */
@Timeout(120)
@ServerTest
class ZooKeeperTlsTest {
    private static TestCertificates certs;
    private static PrivateZooKeeper server;

    @BeforeAll
    static void startServer() throws Exception {
        certs = TestCertificates.create();
        server = PrivateZooKeeper.startTls(certs, true);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        certs.close();
    }

    private static String url(String options) {
        return "zookeeper://127.0.0.1:" + server.port + "?use_ssl=true&timeout=15&" + options;
    }

    private static String clientCertificate() {
        return "certfile=" + certs.clientCert() + "&keyfile=" + certs.clientKey();
    }

    private static void works(Coordinator c, String member) {
        c.start();
        c.joinGroupCreate("g-" + member);
        assertThat(c.getMembers("g-" + member).get()).containsExactly(member);
        try (LockLease lease = c.getLock("l-" + member).acquire()) {
            assertThat(lease.isStillOwner()).isTrue();
        }
    }

    @Test
    void theClientCertificateIsCertfileWithItsKeyInKeyfile() {
        try (Coordinator c = Coordinator.builder(url("ca=" + certs.caCert() + "&" + clientCertificate()))
                .memberId("mtls")
                .build()) {
            works(c, "mtls");
        }
    }

    @Test
    void certfileAndKeyfileMayNameOneFileHoldingBoth() throws Exception {
        Path both = certs.caCert().getParent().resolve("client-cert-and-key.pem");
        Files.writeString(both, Files.readString(certs.clientCert()) + Files.readString(certs.clientKey()));
        try (Coordinator c = Coordinator.builder(url("ca=" + certs.caCert() + "&certfile=" + both + "&keyfile=" + both))
                .memberId("combined")
                .build()) {
            works(c, "combined");
        }
    }

    @Test
    void withoutAClientCertificateTheServerRefusesTheClient() {
        try (Coordinator c = Coordinator.builder(url("ca=" + certs.caCert()).replace("timeout=15", "timeout=2"))
                .memberId("anonymous")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContaining("certfile");
        }
    }

    @Test
    void certfileWithoutKeyfileIsRefusedAsKazooWouldNotSendIt() {
        assertThatThrownBy(() -> Coordinator.builder(url("certfile=" + certs.clientCert()))
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("'certfile' and 'keyfile'");
    }

    /**
     * As in kazoo, {@code verify_certs=false} trusts a server whose certificate the client cannot verify (signed by a
     * CA other than {@code ca}), and a WARN says so.
     */
    @Test
    void verifyCertsFalseConnectsToAServerItCannotVerifyAndWarns() {
        String log;
        try (OutputCapture out = new OutputCapture();
                Coordinator c = Coordinator.builder(
                                url("verify_certs=false&ca=" + certs.otherCaCert() + "&" + clientCertificate()))
                        .memberId("unverified")
                        .build()) {
            works(c, "unverified");
            log = out.text();
        }
        assertThat(log).contains("WARN").contains("verify_certs=false").contains("not verified");
    }

    /** The same server with verification on: a ToozConnectionException that says why, within the timeout (15 s). */
    @Test
    void verifyCertsTrueRefusesThatServerSayingWhyWithinTheTimeout() {
        for (String ca : new String[] {"&ca=" + certs.otherCaCert(), "&verify_certs=true", ""}) {
            try (Coordinator c = Coordinator.builder(url(clientCertificate() + ca))
                    .memberId("verified")
                    .build()) {
                long t0 = System.nanoTime();
                assertThatThrownBy(c::start)
                        .as(ca)
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining(
                                "127.0.0.1:" + server.port + " presents a certificate this client does" + " not trust")
                        .hasMessageContaining("option 'ca'")
                        .hasMessageContaining("verify_certs=false");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
            }
        }
    }

    /** An encrypted key (PKCS#8, as openssl pkcs8 -topk8 writes it) with keyfile_password; a wrong one never shows. */
    @Test
    void anEncryptedKeyOpensWithKeyfilePasswordAndAWrongOneIsNeverShown() throws Exception {
        Path encrypted = certs.caCert().getParent().resolve("client-key-encrypted.pem");
        Process p = new ProcessBuilder(
                        "openssl",
                        "pkcs8",
                        "-topk8",
                        "-in",
                        certs.clientKey().toString(),
                        "-passout",
                        "pass:k3y-Pa55",
                        "-out",
                        encrypted.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor()).isZero();
        String base = "ca=" + certs.caCert() + "&certfile=" + certs.clientCert() + "&keyfile=" + encrypted;
        try (Coordinator c = Coordinator.builder(url(base + "&keyfile_password=k3y-Pa55"))
                .memberId("encrypted")
                .build()) {
            works(c, "encrypted");
        }
        try (Coordinator c = Coordinator.builder(url(base + "&keyfile_password=wr0ng-Pa55"))
                .memberId("wrong")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConfigurationException.class)
                    .hasMessageContaining("keyfile")
                    .satisfies(e -> assertThat(OutputCapture.describe(e)).doesNotContain("wr0ng-Pa55"));
        }
    }

    /**
     * Keys in the other forms kazoo (Python's ssl module) takes: SEC1 ({@code BEGIN EC PRIVATE KEY}), plain or in
     * OpenSSL's legacy encryption with {@code keyfile_password}; a key of another certificate is refused at start,
     * naming both files.
     */
    @Test
    void sec1KeysPlainOrEncryptedWorkAndAKeyOfAnotherCertificateIsRefused() throws Exception {
        Path dir = certs.caCert().getParent();
        Path sec1 = dir.resolve("client-key-sec1.pem");
        Path sec1Encrypted = dir.resolve("client-key-sec1-aes.pem");
        openssl("ec", "-in", certs.clientKey().toString(), "-out", sec1.toString());
        openssl(
                "ec",
                "-in",
                certs.clientKey().toString(),
                "-aes256",
                "-passout",
                "pass:k3y-Pa55",
                "-out",
                sec1Encrypted.toString());
        assertThat(Files.readString(sec1Encrypted))
                .contains("BEGIN EC PRIVATE KEY")
                .contains("DEK-Info");
        String base = "ca=" + certs.caCert() + "&certfile=" + certs.clientCert() + "&keyfile=";
        try (Coordinator c =
                Coordinator.builder(url(base + sec1)).memberId("sec1").build()) {
            works(c, "sec1");
        }
        try (Coordinator c = Coordinator.builder(url(base + sec1Encrypted + "&keyfile_password=k3y-Pa55"))
                .memberId("sec1-encrypted")
                .build()) {
            works(c, "sec1-encrypted");
        }
        try (Coordinator c = Coordinator.builder(url(base + certs.serverKey()))
                .memberId("other")
                .build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConfigurationException.class)
                    .hasMessageContaining("option 'keyfile' of zookeeper:// names " + certs.serverKey())
                    .hasMessageContaining("does not belong to the certificate in " + certs.clientCert());
        }
    }

    private static void openssl(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("openssl"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
}
