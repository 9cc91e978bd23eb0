package io.tooz.driver.redis;

import io.tooz.ToozConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS socket factory from PEM files, as redis-py takes them; the JVM's trust store when none given. */
final class RedisTlsContext {
    private RedisTlsContext() {}

    static SSLSocketFactory socketFactory(RedisTls tls) {
        try {
            TrustManagerFactory tmf = null;
            if (tls.caFile() != null) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(tls.caFile(), "ssl_ca_certs")) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (tls.certFile() != null || tls.keyFile() != null) {
                if (tls.certFile() == null || tls.keyFile() == null) {
                    throw new ToozConfigurationException(
                            "options 'ssl_certfile' and 'ssl_keyfile' of redis:// go together; give both or neither");
                }
                KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
                keys.load(null, null);
                Collection<? extends Certificate> chain = certificates(tls.certFile(), "ssl_certfile");
                keys.setKeyEntry("client", privateKey(tls.keyFile()), new char[0], chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new ToozConfigurationException("TLS options of redis:// are unusable: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(String file, String option)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new ToozConfigurationException(
                        "option '" + option + "' of redis:// names " + file + ", which holds no PEM certificate");
            }
            return certs;
        }
    }

    private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(Path.of(file));
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new ToozConfigurationException("option 'ssl_keyfile' of redis:// names " + file
                    + ", which is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with"
                    + " openssl pkcs8 -topk8 -nocrypt");
        }
        String body = pem.replaceAll("(?s).*-----BEGIN PRIVATE KEY-----|-----END PRIVATE KEY-----.*", "")
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next
            }
        }
        throw new ToozConfigurationException(
                "option 'ssl_keyfile' of redis:// names " + file + ", whose key is neither RSA, EC nor Ed25519");
    }
}
