package io.tooz.driver.redis;

import io.tooz.ToozConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory from PEM files, as redis-py takes them: the JVM's trust store when no {@code
 * ssl_ca_certs}; the client key from {@code ssl_keyfile}, or from {@code ssl_certfile} when that one file holds both.
 */
final class RedisTlsContext {
    private RedisTlsContext() {}

    static SSLSocketFactory socketFactory(RedisTls tls) {
        try {
            TrustManagerFactory tmf = null;
            if (tls.caFile() != null) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c :
                        RedisPem.certificates(read(tls.caFile(), "ssl_ca_certs"), tls.caFile(), "ssl_ca_certs")) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = tls.certFile() == null ? null : keyManagers(tls);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new ToozConfigurationException("TLS options of redis:// are unusable: " + e.getMessage(), e);
        }
    }

    /** The client key and certificate chain: the key from {@code ssl_keyfile}, or from {@code ssl_certfile} alone. */
    private static KeyManagerFactory keyManagers(RedisTls tls) throws GeneralSecurityException, IOException {
        String certPem = read(tls.certFile(), "ssl_certfile");
        List<Certificate> chain = RedisPem.certificates(certPem, tls.certFile(), "ssl_certfile");
        PrivateKey key;
        if (tls.keyFile() != null) {
            key = RedisPem.privateKey(read(tls.keyFile(), "ssl_keyfile"), tls.keyFile(), "ssl_keyfile");
        } else if (RedisPem.hasPrivateKey(certPem)) {
            key = RedisPem.privateKey(certPem, tls.certFile(), "ssl_certfile");
        } else {
            throw new ToozConfigurationException("option 'ssl_certfile' of redis:// names " + tls.certFile()
                    + ", which holds a certificate but no private key; add ssl_keyfile, or put the key in that file"
                    + " too (as redis-py reads it)");
        }
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        keys.setKeyEntry("client", key, new char[0], chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        return kmf;
    }

    private static String read(String file, String option) {
        try {
            return Files.readString(Path.of(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ToozConfigurationException(
                    "option '" + option + "' of redis:// names " + file + ", which cannot be read: " + e, e);
        }
    }
}
