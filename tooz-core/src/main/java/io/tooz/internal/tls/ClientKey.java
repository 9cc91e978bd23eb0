package io.tooz.internal.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * A client's private key and its certificate chain, read by {@link TlsFiles#clientKey} and checked to belong
 * together. Its {@link #toString()} shows the certificate, never the key.
 *
 * @param chain the client's certificate first, then its issuers as the file lists them
 */
public record ClientKey(PrivateKey key, List<X509Certificate> chain) {
    /** The alias of the entry in {@link #keyStore}. */
    public static final String ALIAS = "client";

    public ClientKey {
        chain = List.copyOf(chain);
    }

    /** A PKCS#12 key store holding the key and chain under {@link #ALIAS}, the key protected by {@code password}. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JVM cannot build a PKCS#12 key store: " + e, e);
        }
    }

    /** The key manager that presents this key and chain. */
    public X509KeyManager keyManager() {
        char[] none = new char[0];
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(none), none);
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509KeyManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JVM has no X.509 key manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM cannot build a key manager: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "ClientKey[" + key.getAlgorithm() + " key of " + chain.get(0).getSubjectX500Principal() + "]";
    }
}
