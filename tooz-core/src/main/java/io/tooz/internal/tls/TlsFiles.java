package io.tooz.internal.tls;

import io.tooz.ToozConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;
import org.jspecify.annotations.Nullable;

/**
 * The PEM files of one scheme's TLS options, as Python's {@code ssl} module reads them: CA certificates from a file
 * ({@code cafile}) or a directory ({@code capath}), and a client certificate chain with its key ({@code
 * load_cert_chain}: the key in its own file or after the certificates in theirs, encrypted or not).
 */
public final class TlsFiles {
    private static final byte[] PROBE = {'t', 'o', 'o', 'z'};

    private final String scheme;

    /** Names options as {@code option 'ca_cert' of memcached://} in messages. */
    public TlsFiles(String scheme) {
        this.scheme = scheme;
    }

    /** The certificates of a PEM file (at least one). */
    public List<X509Certificate> certificates(Path file, String option) {
        List<X509Certificate> certs = parseCertificates(read(file, option), where(option, file));
        if (certs.isEmpty()) {
            throw new ToozConfigurationException(where(option, file) + ", which holds no PEM certificate");
        }
        return certs;
    }

    /**
     * The certificates of every file in a directory, as OpenSSL's CA path ({@code /etc/ssl/certs}, hashed links
     * included); files holding none are skipped, but the directory must hold one.
     */
    public List<X509Certificate> certificatesIn(Path dir, String option) {
        List<X509Certificate> certs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (Files.isRegularFile(f) && Files.isReadable(f)) {
                    certs.addAll(parseCertificates(read(f, option), where(option, f)));
                }
            }
        } catch (IOException e) {
            throw new ToozConfigurationException(where(option, dir) + ", a directory that cannot be read: " + e, e);
        }
        if (certs.isEmpty()) {
            throw new ToozConfigurationException(where(option, dir) + ", a directory with no PEM certificate in it");
        }
        return certs;
    }

    /**
     * The client's key manager, from its certificate chain and key, checked to belong together (as OpenSSL checks).
     *
     * @see #clientKey
     */
    public X509KeyManager keyManager(
            Path cert,
            String certOption,
            @Nullable Path key,
            String keyOption,
            char @Nullable [] password,
            @Nullable String passwordOption) {
        return clientKey(cert, certOption, key, keyOption, password, passwordOption)
                .keyManager();
    }

    /**
     * The client's certificate chain and key, checked to belong together (as OpenSSL checks).
     *
     * @param key the key's file, or null if it follows the certificates in {@code cert}'s
     * @param keyOption the option that names the key's file (named in the message if it is null and {@code cert}'s
     *     file holds no key)
     * @param password the key's password, or null if it is not encrypted
     * @param passwordOption the scheme's option for the password, or null if it has none
     */
    public ClientKey clientKey(
            Path cert,
            String certOption,
            @Nullable Path key,
            String keyOption,
            char @Nullable [] password,
            @Nullable String passwordOption) {
        List<X509Certificate> chain = certificates(cert, certOption);
        Path keyFile = key != null ? key : cert;
        String keyWhere = where(key != null ? keyOption : certOption, keyFile);
        String noKeyHint = key != null
                ? ""
                : "; give option '" + keyOption + "' naming the key's file, or put the key in this file too";
        PrivateKey pk = PemKeys.read(
                read(keyFile, key != null ? keyOption : certOption), keyWhere, password, passwordOption, noKeyHint);
        if (!belongTogether(pk, chain.get(0))) {
            throw new ToozConfigurationException(keyWhere + ", whose key does not belong to the certificate in " + cert
                    + " (option '" + certOption + "')");
        }
        return new ClientKey(pk, chain);
    }

    /** A trust manager of these CAs, or of the JVM's trust store (as Python's system CAs) if there are none. */
    public static X509ExtendedTrustManager trustManager(List<X509Certificate> cas) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (cas.isEmpty()) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    ks.setCertificateEntry("ca" + i, cas.get(i));
                }
                tmf.init(ks);
            }
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JVM has no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JVM cannot build a trust store: " + e, e);
        }
    }

    private String where(String option, Path file) {
        return "option '" + option + "' of " + scheme + ":// names " + file;
    }

    private String read(Path file, String option) {
        try {
            return PemBlock.text(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ToozConfigurationException(where(option, file) + ", which cannot be read: " + e, e);
        }
    }

    private static List<X509Certificate> parseCertificates(String pem, String where) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (PemBlock b : PemBlock.parse(pem)) {
                if (b.label().equals("CERTIFICATE") || b.label().equals("TRUSTED CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new ToozConfigurationException(where + ", which holds a damaged certificate: " + e.getMessage(), e);
        }
        return out;
    }

    /** Whether the certificate's public key verifies what the key signs; true where no signature scheme fits. */
    private static boolean belongTogether(PrivateKey key, X509Certificate cert) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
                    default -> null;
                };
        if (algorithm == null) {
            return true; // no check here: the handshake will tell
        }
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(PROBE);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(cert.getPublicKey());
            v.update(PROBE);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
