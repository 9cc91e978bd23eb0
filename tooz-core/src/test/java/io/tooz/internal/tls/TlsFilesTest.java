package io.tooz.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.ToozConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys and certificates in every PEM form the openssl command writes, read as Python's ssl module reads them. */
class TlsFilesTest {
    private static final String PASSWORD = "s3cret-pass";
    private static final TlsFiles FILES = new TlsFiles("memcached");

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeKeysAndCertificates() throws Exception {
        OpenSsl.run(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca-key.pem",
                "-out",
                "ca.pem",
                "-subj",
                "/CN=test CA",
                "-days",
                "2");
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem");
        OpenSsl.run(dir, "genrsa", "-traditional", "-out", "rsa-pkcs1.pem", "2048");
        // the same keys in the other forms
        OpenSsl.run(dir, "ec", "-in", "ec.pem", "-out", "ec-sec1.pem");
        OpenSsl.run(dir, "ec", "-in", "ec.pem", "-aes256", "-passout", "pass:" + PASSWORD, "-out", "ec-sec1-aes.pem");
        OpenSsl.run(dir, "pkcs8", "-topk8", "-in", "ec.pem", "-passout", "pass:" + PASSWORD, "-out", "ec-enc.pem");
        OpenSsl.run(
                dir,
                "pkcs8",
                "-topk8",
                "-v1",
                "PBE-SHA1-3DES",
                "-in",
                "ec.pem",
                "-passout",
                "pass:" + PASSWORD,
                "-out",
                "ec-enc-pbes1.pem");
        OpenSsl.run(dir, "pkcs8", "-topk8", "-nocrypt", "-in", "rsa-pkcs1.pem", "-out", "rsa.pem");
        OpenSsl.run(
                dir,
                "rsa",
                "-traditional",
                "-in",
                "rsa-pkcs1.pem",
                "-aes128",
                "-passout",
                "pass:" + PASSWORD,
                "-out",
                "rsa-pkcs1-aes.pem");
        OpenSsl.run(
                dir,
                "rsa",
                "-traditional",
                "-in",
                "rsa-pkcs1.pem",
                "-des3",
                "-passout",
                "pass:" + PASSWORD,
                "-out",
                "rsa-pkcs1-des3.pem");
        for (String key : List.of("ec", "rsa")) {
            OpenSsl.run(dir, "req", "-new", "-key", key + ".pem", "-subj", "/CN=client-" + key, "-out", key + ".csr");
            OpenSsl.run(
                    dir,
                    "x509",
                    "-req",
                    "-in",
                    key + ".csr",
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca-key.pem",
                    "-set_serial",
                    "7",
                    "-days",
                    "2",
                    "-out",
                    key + "-cert.pem");
        }
        Files.writeString(
                dir.resolve("ec-combined.pem"),
                Files.readString(dir.resolve("ec-cert.pem")) + Files.readString(dir.resolve("ec-sec1.pem")));
        Files.createDirectories(dir.resolve("capath"));
        Files.copy(dir.resolve("ca.pem"), dir.resolve("capath/5d2f9e1a.0"));
        Files.writeString(dir.resolve("capath/README"), "not a certificate");
    }

    private static X509KeyManager keys(String cert, String key, String password) {
        return FILES.keyManager(
                dir.resolve(cert),
                "ssl_cert",
                key == null ? null : dir.resolve(key),
                "ssl_key",
                password == null ? null : password.toCharArray(),
                "ssl_key_password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec.pem", "ec-sec1.pem", "ec-sec1-aes.pem", "ec-enc.pem", "ec-enc-pbes1.pem"})
    void everyFormOfAnEcKeyIsRead(String key) {
        X509KeyManager km = keys("ec-cert.pem", key, key.contains("-aes") || key.contains("-enc") ? PASSWORD : null);
        assertThat(km.getCertificateChain("client")[0].getSubjectX500Principal().getName())
                .isEqualTo("CN=client-ec");
        assertThat(km.getPrivateKey("client").getAlgorithm()).isEqualTo("EC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa.pem", "rsa-pkcs1.pem", "rsa-pkcs1-aes.pem", "rsa-pkcs1-des3.pem"})
    void everyFormOfAnRsaKeyIsRead(String key) {
        X509KeyManager km = keys("rsa-cert.pem", key, key.contains("-aes") || key.contains("-des3") ? PASSWORD : null);
        assertThat(km.getPrivateKey("client").getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void aKeyAfterTheCertificateInItsFileIsReadAsPythonsLoadCertChainDoes() {
        assertThat(keys("ec-combined.pem", null, null).getPrivateKey("client")).isNotNull();
    }

    @Test
    void keyProblemsAreNamedWithTheOptionAndNeverThePassword() {
        assertThatThrownBy(() -> keys("ec-cert.pem", "ec-enc.pem", null))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'ssl_key' of memcached:// names " + dir.resolve("ec-enc.pem"))
                .hasMessageContaining("encrypted")
                .hasMessageContaining("ssl_key_password");
        assertThatThrownBy(() -> keys("ec-cert.pem", "ec-sec1-aes.pem", "wrong-" + PASSWORD))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("is the password right?")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> keys("ec-cert.pem", "rsa.pem", null))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("does not belong to the certificate in " + dir.resolve("ec-cert.pem"));
        assertThatThrownBy(() -> keys("ec-cert.pem", null, null))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'ssl_cert' of memcached:// names " + dir.resolve("ec-cert.pem"))
                .hasMessageContaining("holds no private key")
                .hasMessageContaining("give option 'ssl_key'");
        assertThatThrownBy(() -> keys("missing.pem", "ec.pem", null))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'ssl_cert' of memcached:// names " + dir.resolve("missing.pem"))
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> new TlsFiles("mysql")
                        .keyManager(
                                dir.resolve("ec-cert.pem"),
                                "ssl_cert",
                                dir.resolve("ec-enc.pem"),
                                "ssl_key",
                                null,
                                null))
                .hasMessageContaining("no option for its password");
    }

    /** What a driver that hands the key to its client library as a key store gets: the same key and chain. */
    @Test
    void theClientKeyGoesIntoAKeyStoreUnderItsPasswordAndNeverShowsInText() throws Exception {
        ClientKey key = FILES.clientKey(
                dir.resolve("rsa-cert.pem"), "certfile", dir.resolve("rsa-pkcs1.pem"), "keyfile", null, null);
        char[] storePassword = "store-pw".toCharArray();
        java.security.KeyStore ks = key.keyStore(storePassword);
        assertThat(ks.getKey(ClientKey.ALIAS, storePassword)).isEqualTo(key.key());
        assertThat(ks.getCertificateChain(ClientKey.ALIAS)).containsExactlyElementsOf(key.chain());
        assertThat(key.toString())
                .contains("CN=client-rsa")
                .doesNotContain(((java.security.interfaces.RSAPrivateKey) key.key())
                        .getPrivateExponent()
                        .toString());
    }

    @Test
    void certificatesComeFromAFileOrEveryFileOfADirectory() {
        List<X509Certificate> file = FILES.certificates(dir.resolve("ca.pem"), "ca_cert");
        assertThat(file).hasSize(1);
        assertThat(FILES.certificatesIn(dir.resolve("capath"), "ssl_capath")).isEqualTo(file);
        assertThat(TlsFiles.trustManager(file).getAcceptedIssuers()).containsExactlyElementsOf(file);
        assertThat(TlsFiles.trustManager(List.of()).getAcceptedIssuers())
                .as("the JVM's CAs")
                .isNotEmpty();
        assertThatThrownBy(() -> FILES.certificates(dir.resolve("ec.pem"), "ca_cert"))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("holds no PEM certificate");
        assertThatThrownBy(() -> FILES.certificatesIn(dir.resolve("nowhere"), "ssl_capath"))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("option 'ssl_capath' of memcached:// names " + dir.resolve("nowhere"));
    }
}
