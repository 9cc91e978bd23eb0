package io.tooz.driver.zookeeper;

import io.tooz.ToozConfigurationException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.apache.zookeeper.util.PemReader;

/**
 * The client's key and certificate chain as the one PEM file ZooKeeper's client reads. The key ({@code keyfile}: PKCS#8,
 * encrypted with {@code keyfile_password} or not, as openssl writes it) is written encrypted under a fresh random
 * password, in the one scheme ZooKeeper decrypts (PBES1, SHA-1 and 3DES; openssl 3 encrypts with PBES2, which
 * ZooKeeper cannot read): the plain key never reaches the disk, and any PKCS#8 key kazoo takes works.
 */
final class ZkClientKey {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final String STORE_CIPHER = "PBEWithSHA1AndDESede";
    private static final int ITERATIONS = 10_000;

    private ZkClientKey() {}

    /** Writes {@code file}; returns the password it is encrypted with. */
    static String write(ZkTls tls, Path file) {
        List<X509Certificate> chain;
        try {
            chain = PemReader.readCertificateChain(new File(tls.certfile()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw unreadable("certfile", tls.certfile(), e);
        }
        byte[] pkcs8 = pkcs8(tls);
        SecureRandom random = new SecureRandom();
        byte[] pw = new byte[24];
        random.nextBytes(pw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
        try {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            PBEParameterSpec spec = new PBEParameterSpec(salt, ITERATIONS);
            SecretKey key =
                    SecretKeyFactory.getInstance(STORE_CIPHER).generateSecret(new PBEKeySpec(password.toCharArray()));
            Cipher cipher = Cipher.getInstance(STORE_CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, key, spec);
            AlgorithmParameters params = AlgorithmParameters.getInstance(STORE_CIPHER);
            params.init(spec);
            StringBuilder pem = new StringBuilder(block(
                    "ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(params, cipher.doFinal(pkcs8)).getEncoded()));
            for (X509Certificate c : chain) {
                pem.append(block("CERTIFICATE", c.getEncoded()));
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            PemReader.loadKeyStore(file.toFile(), file.toFile(), Optional.of(password)); // as ZooKeeper will
            return password;
        } catch (IOException | GeneralSecurityException e) {
            throw unreadable("keyfile", tls.keyfile(), e);
        }
    }

    /** The key's PKCS#8 DER, decrypted with {@code keyfile_password} if it is encrypted. */
    private static byte[] pkcs8(ZkTls tls) {
        String text;
        try {
            text = Files.readString(Path.of(tls.keyfile()), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw unreadable("keyfile", tls.keyfile(), e);
        }
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            if (m.group(1).equals("PRIVATE KEY")) {
                return der;
            }
            if (m.group(1).equals("ENCRYPTED PRIVATE KEY")) {
                return decrypt(der, tls);
            }
        }
        throw new ToozConfigurationException("option 'keyfile' of zookeeper:// names " + tls.keyfile() + ", which"
                + " holds no PKCS#8 PEM key (BEGIN PRIVATE KEY or BEGIN ENCRYPTED PRIVATE KEY); convert it with"
                + " openssl pkcs8 -topk8");
    }

    private static byte[] decrypt(byte[] der, ZkTls tls) {
        if (tls.keyPassword() == null) {
            throw new ToozConfigurationException("option 'keyfile' of zookeeper:// names " + tls.keyfile() + ", whose"
                    + " key is encrypted: give its password in option keyfile_password");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters params = info.getAlgParameters();
            // PBES2 names its key derivation and cipher in its parameters: PBEWithHmacSHA256AndAES_256...
            String algorithm = info.getAlgName().equalsIgnoreCase("PBES2") ? params.toString() : info.getAlgName();
            SecretKey key = SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new PBEKeySpec(tls.keyPassword().toCharArray()));
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, key, params);
            return info.getKeySpec(cipher).getEncoded();
        } catch (IOException | GeneralSecurityException e) {
            throw new ToozConfigurationException(
                    "option 'keyfile_password' of zookeeper:// does not open the key in " + tls.keyfile() + " ("
                            + e.getClass().getSimpleName() + "); check the password",
                    e);
        }
    }

    private static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private static ToozConfigurationException unreadable(String option, String file, Exception e) {
        return new ToozConfigurationException(
                "option '" + option + "' of zookeeper:// names " + file + ", which"
                        + " cannot be used as a PEM " + (option.equals("keyfile") ? "key" : "certificate chain") + " ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                e);
    }
}
