package io.tooz.driver.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozConnectionException;
import io.tooz.tck.ServerTest;
import io.tooz.tck.TestCertificates;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python tooz's memcached TLS options against private memcached 1.6 processes speaking TLS only ({@code memcached
 * -Z}): one that takes any client, one that requires a client certificate signed by the test CA. Their certificate
 * names 127.0.0.1 and localhost; both also listen on 127.0.0.2, which it does not name.
 */
@Timeout(60)
@ServerTest
class MemcachedTlsTest {
    private static final String KEY_PASSWORD = "key-pass-4-test";

    private static TestCertificates certs;
    private static PrivateMemcached anyClient;
    private static PrivateMemcached certifiedClients;
    private static Path encryptedClientKey;

    @BeforeAll
    static void startServers() throws Exception {
        certs = TestCertificates.create();
        anyClient = PrivateMemcached.startTls(certs, false);
        certifiedClients = PrivateMemcached.startTls(certs, true);
        encryptedClientKey = certs.clientKey().resolveSibling("client-key-encrypted.pem");
        Process p = new ProcessBuilder(
                        "openssl",
                        "pkcs8",
                        "-topk8",
                        "-in",
                        certs.clientKey().toString(),
                        "-passout",
                        "pass:" + KEY_PASSWORD,
                        "-out",
                        encryptedClientKey.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor())
                .as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }

    @AfterAll
    static void stopServers() {
        for (AutoCloseable c : new AutoCloseable[] {anyClient, certifiedClients, certs}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String path(Path p) {
        return URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    }

    private static String url(PrivateMemcached m, String host, String options) {
        return "memcached://" + host + ":" + m.port + "?timeout=5&"
                + options.replace("{ca}", path(certs.caCert()))
                        .replace("{other}", path(certs.otherCaCert()))
                        .replace("{cert}", path(certs.clientCert()))
                        .replace("{key}", path(certs.clientKey()))
                        .replace("{encrypted}", path(encryptedClientKey));
    }

    /** Starts a coordinator on {@code url}, and joins a group and takes a lock over its connections. */
    private static void works(String url) throws Exception {
        try (Coordinator c =
                Coordinator.builder(url).memberId("tls-" + UUID.randomUUID()).build()) {
            c.start();
            String group = "tls-" + UUID.randomUUID();
            c.joinGroupCreate(group);
            assertThat(c.getMembers(group).get()).containsExactly(c.memberId());
            assertThat(c.getLock("tls-lock-" + UUID.randomUUID()).acquire().isStillOwner())
                    .isTrue();
        }
    }

    private static void failsToStart(String url, String... says) {
        try (Coordinator c =
                Coordinator.builder(url).memberId("tls-" + UUID.randomUUID()).build()) {
            assertThatThrownBy(c::start)
                    .isInstanceOf(ToozConnectionException.class)
                    .hasMessageContainingAll(says)
                    .hasMessageNotContaining(KEY_PASSWORD);
        }
    }

    @Test
    void useSslVerifiesTheServerAgainstCaCert() throws Exception {
        works(url(anyClient, "127.0.0.1", "use_ssl=true&ca_cert={ca}"));
        works(url(anyClient, "localhost", "use_ssl=1&ca_cert={ca}&ssl_check_hostname=true"));
        failsToStart(
                url(anyClient, "127.0.0.1", "use_ssl=true&ca_cert={other}"),
                "TLS with memcached at 127.0.0.1:" + anyClient.port + " failed",
                "PKIX",
                "ca_cert");
        failsToStart(
                url(anyClient, "127.0.0.1", "use_ssl=true"),
                "TLS with memcached at 127.0.0.1:" + anyClient.port + " failed",
                "PKIX");
    }

    @Test
    void theServersNameIsCheckedOnlyWithSslCheckHostnameAsInPython() throws Exception {
        works(url(anyClient, "127.0.0.2", "use_ssl=true&ca_cert={ca}"));
        failsToStart(
                url(anyClient, "127.0.0.2", "use_ssl=true&ca_cert={ca}&ssl_check_hostname=true"),
                "TLS with memcached at 127.0.0.2:" + anyClient.port + " failed",
                "127.0.0.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssl_cert={cert}&ssl_key={key}", "ssl_cert={cert}&ssl_key={encrypted}&ssl_key_password="})
    void aServerThatRequiresAClientCertificateTakesOurs(String clientOptions) throws Exception {
        works(url(certifiedClients, "127.0.0.1", "use_ssl=true&ca_cert={ca}&" + clientOptions)
                + (clientOptions.endsWith("=") ? KEY_PASSWORD : ""));
        // TLS 1.3: the server refuses after the handshake, by an alert or (when its close overtakes it) by closing
        failsToStart(
                url(certifiedClients, "127.0.0.1", "use_ssl=true&ca_cert={ca}"),
                "memcached at 127.0.0.1:" + certifiedClients.port,
                "TLS",
                "ssl_cert");
    }

    @Test
    void sslCiphersTakesOpenSslNamesAndLeavesTls13OnAsOpenSslDoes() throws Exception {
        // the server's key is EC: only ECDSA suites fit it in TLS 1.2
        works(url(anyClient, "127.0.0.1", "use_ssl=true&ca_cert={ca}&ssl_ciphers=ECDHE-ECDSA-AES128-GCM-SHA256"));
        works(url(anyClient, "127.0.0.1", "use_ssl=true&ca_cert={ca}&ssl_ciphers=ECDHE-RSA-AES128-GCM-SHA256"));
        // Java names are taken as they are, so a TLS 1.2 suite alone means TLS 1.2 with it: the cipher really applies
        works(url(
                anyClient,
                "127.0.0.1",
                "use_ssl=true&ca_cert={ca}&ssl_ciphers=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        failsToStart(
                url(
                        anyClient,
                        "127.0.0.1",
                        "use_ssl=true&ca_cert={ca}&ssl_ciphers=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                "TLS with memcached at 127.0.0.1:" + anyClient.port + " failed",
                "ssl_ciphers");
        assertThatThrownBy(
                        () -> Coordinator.builder(url(anyClient, "127.0.0.1", "use_ssl=true&ssl_ciphers=HIGH:!aNULL"))
                                .memberId("m")
                                .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'ssl_ciphers' of memcached:// names 'HIGH'");
    }

    @Test
    void plainAndTlsMismatchesSayWhatToSet() {
        failsToStart(url(anyClient, "127.0.0.1", "lock_timeout=5"), "use_ssl=true");
        try (PrivateMemcached plain = PrivateMemcached.start()) {
            failsToStart(
                    url(plain, "127.0.0.1", "use_ssl=true&ca_cert={ca}"),
                    "TLS with memcached at 127.0.0.1:" + plain.port + " failed",
                    "memcached -Z");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWrongKeyPasswordFailsAtBuildTimeWithoutShowingIt() {
        assertThatThrownBy(() -> Coordinator.builder(url(
                                certifiedClients,
                                "127.0.0.1",
                                "use_ssl=true&ssl_cert={cert}&ssl_key={encrypted}&ssl_key_password=not-"
                                        + KEY_PASSWORD))
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'ssl_key' of memcached://")
                .hasMessageNotContaining(KEY_PASSWORD);
    }
}
