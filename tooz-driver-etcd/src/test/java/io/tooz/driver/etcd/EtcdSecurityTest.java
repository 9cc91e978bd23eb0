package io.tooz.driver.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.tck.ServerTest;
import io.tooz.tck.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS (server and client certificates) and user/password authentication, on private etcd servers. */
@Timeout(120)
@ServerTest
class EtcdSecurityTest {
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create();
    }

    @AfterAll
    static void dropCertificates() {
        certs.close();
    }

    /** Starts, joins a group with capabilities, takes and releases a lock: everything a member does. */
    private static void works(String url) {
        try (Coordinator c = Coordinator.builder(url).memberId("m").build()) {
            c.start();
            c.joinGroupCreate("secure", Capabilities.of(Map.of("tls", true)));
            assertThat(c.getMemberCapabilities("secure", "m").get().getBoolean("tls"))
                    .contains(true);
            try (LockLease l = c.getLock("secure").acquire()) {
                assertThat(l.isStillOwner()).isTrue();
            }
            c.leaveGroup("secure").get();
        }
    }

    private static void refused(String url, String... messageParts) {
        try (Coordinator c = Coordinator.builder(url).memberId("m").build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContainingAll(messageParts);
        }
    }

    @Test
    void tlsWithTheServersCaWorksAndAnUnrelatedCaIsRefusedSayingWhichOptionsToCheck() {
        try (EtcdCluster cluster = EtcdCluster.startTls(1, certs, false)) {
            String url = "etcd3+https://" + cluster.endpoint(0) + "?timeout=5&ca_cert=";
            works(url + certs.caCert());
            refused(url + certs.otherCaCert(), cluster.endpoint(0), "ca_cert");
            refused("etcd3+https://" + cluster.endpoint(0) + "?timeout=5", cluster.endpoint(0), "ca_cert");
        }
    }

    /**
     * Python's schemes decide TLS as Python does: {@code etcd3://} with {@code ca_cert} (python-etcd3), {@code etcd://}
     * with {@code protocol=https} (the v2 driver); without them they talk plain text and are told how to turn TLS on.
     */
    @Test
    void etcd3UsesTlsWhenGivenACaCertAndEtcdWithProtocolHttps() {
        try (EtcdCluster cluster = EtcdCluster.startTls(1, certs, true)) {
            String host = cluster.endpoint(0) + "?timeout=5";
            String client = "&cert_cert=" + certs.clientCert() + "&cert_key=" + certs.clientKey();
            works("etcd3://" + host + "&ca_cert=" + certs.caCert() + client);
            works("etcd://" + host + "&protocol=https&ca_cert=" + certs.caCert() + client);
            refused("etcd3://" + host, cluster.endpoint(0), "give ca_cert");
            refused("etcd://" + host, cluster.endpoint(0), "add protocol=https");
        }
    }

    /**
     * The key in any form Python's drivers (OpenSSL) read unencrypted: PKCS#8, or SEC1 ({@code BEGIN EC PRIVATE KEY}),
     * which Netty alone refuses; a key of another certificate is refused at start, naming both files.
     */
    @Test
    void serversThatCheckClientsAcceptOurCertificateAndRefuseUsWithoutOne() throws Exception {
        Path sec1 = certs.caCert().getParent().resolve("client-key-sec1.pem");
        Process p = new ProcessBuilder("openssl", "ec", "-in", certs.clientKey().toString(), "-out", sec1.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(sec1)).contains("BEGIN EC PRIVATE KEY");
        try (EtcdCluster cluster = EtcdCluster.startTls(1, certs, true)) {
            String url = "etcd3+https://" + cluster.endpoint(0) + "?timeout=5&ca_cert=" + certs.caCert();
            works(url + "&cert_cert=" + certs.clientCert() + "&cert_key=" + certs.clientKey());
            works(url + "&cert_cert=" + certs.clientCert() + "&cert_key=" + sec1);
            refused(url, cluster.endpoint(0), "cert_cert");
            try (Coordinator c = Coordinator.builder(
                            url + "&cert_cert=" + certs.clientCert() + "&cert_key=" + certs.serverKey())
                    .memberId("m")
                    .build()) {
                assertThatThrownBy(c::start)
                        .isInstanceOf(ToozConfigurationException.class)
                        .hasMessageContaining("option 'cert_key' of etcd3+https:// names " + certs.serverKey())
                        .hasMessageContaining("does not belong to the certificate in " + certs.clientCert());
            }
        }
    }

    @Test
    void usersAuthenticateWithTheUrlsCredentialsAndPasswordsNeverShow() {
        try (EtcdCluster cluster = EtcdCluster.start(1)) {
            cluster.enableAuth("root-secret");
            cluster.addUser("alice", "alice-secret");
            String host = cluster.endpoint(0) + "?timeout=5";
            works("etcd3+http://alice:alice-secret@" + host);
            refused("etcd3+http://alice:wrong-secret@" + host, cluster.endpoint(0), "user alice");
            assertThatThrownBy(() -> works("etcd3+http://alice:wrong-secret@" + host))
                    .hasMessageNotContaining("wrong-secret");
            refused("etcd3+http://" + host, cluster.endpoint(0), "USER:PASSWORD@");
        }
    }
}
