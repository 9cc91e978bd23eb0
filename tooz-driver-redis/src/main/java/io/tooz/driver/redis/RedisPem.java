package io.tooz.driver.redis;

import io.tooz.ToozConfigurationException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The blocks of a PEM file: certificates, and an unencrypted PKCS#8 private key; other blocks and text are skipped. */
final class RedisPem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private RedisPem() {}

    static List<Certificate> certificates(String pem, String file, String option) throws GeneralSecurityException {
        List<Certificate> out = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (byte[] der : blocks(pem, "CERTIFICATE")) {
            out.add(factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        if (out.isEmpty()) {
            throw new ToozConfigurationException(
                    "option '" + option + "' of redis:// names " + file + ", which holds no PEM certificate");
        }
        return out;
    }

    /** Whether the text holds a private key block of any kind. */
    static boolean hasPrivateKey(String pem) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).endsWith("PRIVATE KEY")) {
                return true;
            }
        }
        return false;
    }

    static PrivateKey privateKey(String pem, String file, String option) {
        List<byte[]> keys = blocks(pem, "PRIVATE KEY");
        if (keys.isEmpty()) {
            throw new ToozConfigurationException("option '" + option + "' of redis:// names " + file
                    + ", which holds no unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with"
                    + " openssl pkcs8 -topk8 -nocrypt");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next
            }
        }
        throw new ToozConfigurationException(
                "option '" + option + "' of redis:// names " + file + ", whose key is neither RSA, EC nor Ed25519");
    }

    private static List<byte[]> blocks(String pem, String label) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals(label)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }
}
