package io.tooz.driver.redis;

import io.tooz.ToozConfigurationException;
import io.tooz.internal.tls.TlsFiles;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Builds the TLS socket factory from PEM files, as redis-py takes them: the JVM's trust store when no {@code
 * ssl_ca_certs}; the client key from {@code ssl_keyfile}, or from {@code ssl_certfile} when that one file holds both.
 * Keys as OpenSSL reads them (PKCS#8, PKCS#1, SEC1), unencrypted: redis-py's options have no key password.
 */
final class RedisTlsContext {
    private static final TlsFiles FILES = new TlsFiles("redis");

    private RedisTlsContext() {}

    static SSLSocketFactory socketFactory(RedisTls tls) {
        TrustManager trust = TlsFiles.trustManager(
                tls.caFile() == null ? List.of() : FILES.certificates(Path.of(tls.caFile()), "ssl_ca_certs"));
        KeyManager[] keys = tls.certFile() == null
                ? null
                : new KeyManager[] {
                    FILES.keyManager(
                            Path.of(tls.certFile()),
                            "ssl_certfile",
                            tls.keyFile() == null ? null : Path.of(tls.keyFile()),
                            "ssl_keyfile",
                            null,
                            null)
                };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, new TrustManager[] {trust}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new ToozConfigurationException("TLS options of redis:// are unusable: " + e.getMessage(), e);
        }
    }
}
