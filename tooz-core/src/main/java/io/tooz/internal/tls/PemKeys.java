package io.tooz.internal.tls;

import io.tooz.ToozConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Private keys in the PEM forms OpenSSL writes and Python's {@code ssl.load_cert_chain} reads: PKCS#8 ({@code BEGIN
 * PRIVATE KEY}), encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY})
 * and SEC1 EC ({@code BEGIN EC PRIVATE KEY}), the last two also in OpenSSL's legacy encryption ({@code Proc-Type:
 * 4,ENCRYPTED}).
 */
final class PemKeys {
    private static final List<String> LABELS =
            List.of("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY");
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "EdDSA", "XDH", "RSASSA-PSS", "DSA");
    private static final byte[] RSA_ALGORITHM =
            Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, HexFormat.of().parseHex("2a864886f70d010101")), Der.tlv(Der.NULL));
    private static final byte[] EC_PUBLIC_KEY = Der.tlv(Der.OID, HexFormat.of().parseHex("2a8648ce3d0201"));
    private static final byte[] VERSION_0 = Der.tlv(Der.INTEGER, new byte[] {0});

    private PemKeys() {}

    /**
     * The first private key of a PEM text.
     *
     * @param where the option and file, for messages: {@code option 'ssl_key' of memcached:// names /etc/k.pem}
     * @param password the key's password, or null
     * @param passwordOption the option that takes the password, or null if the scheme has none
     * @param noKeyHint what to do if the text holds no key, appended to that message (may be empty)
     */
    static PrivateKey read(
            String pem, String where, char @Nullable [] password, @Nullable String passwordOption, String noKeyHint) {
        PemBlock block = PemBlock.parse(pem).stream()
                .filter(b -> LABELS.contains(b.label()))
                .findFirst()
                .orElseThrow(() -> new ToozConfigurationException(where + ", which holds no private key that tooz-java"
                        + " reads (PEM: BEGIN PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)"
                        + noKeyHint));
        boolean encrypted = block.label().startsWith("ENCRYPTED")
                || block.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED");
        if (encrypted && password == null) {
            throw new ToozConfigurationException(where + ", whose key is encrypted; "
                    + (passwordOption != null
                            ? "give its password in option '" + passwordOption + "'"
                            : "this scheme has no option for its password: store it unencrypted (openssl pkey -in KEY"
                                    + " -out KEY.plain), readable by this user only"));
        }
        try {
            byte[] pkcs8 =
                    switch (block.label()) {
                        case "PRIVATE KEY" -> block.der();
                        case "ENCRYPTED PRIVATE KEY" -> decryptPkcs8(block.der(), password);
                        case "RSA PRIVATE KEY" -> Der.tlv(
                                Der.SEQUENCE,
                                VERSION_0,
                                RSA_ALGORITHM,
                                Der.tlv(Der.OCTET_STRING, legacy(block, password)));
                        default -> ecToPkcs8(legacy(block, password));
                    };
            return fromPkcs8(pkcs8, where);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ToozConfigurationException(
                    where + ", whose " + block.label() + " cannot be read"
                            + (encrypted ? " (is the password right?)" : "") + ": " + e.getMessage(),
                    e);
        }
    }

    private static PrivateKey fromPkcs8(byte[] pkcs8, String where) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        throw new ToozConfigurationException(
                where + ", whose key is of none of the kinds Java reads (" + String.join(", ", ALGORITHMS) + ")");
    }

    private static byte[] decryptPkcs8(byte[] der, char @Nullable [] password) throws GeneralSecurityException {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // PBES2 keys (OpenSSL 3's default) name their real scheme in the parameters: PBEWithHmacSHA256AndAES_256;
            // PBES1 keys (openssl pkcs8 -v1) in the algorithm: PBEWithSHA1AndDESede
            String algorithm = info.getAlgName().equalsIgnoreCase("PBES2")
                    ? String.valueOf(info.getAlgParameters())
                    : info.getAlgName();
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)),
                    info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("not an encrypted PKCS#8 key: " + e.getMessage(), e);
        }
    }

    /** The key's DER, decrypted if OpenSSL's legacy {@code DEK-Info} encryption is on it. */
    private static byte[] legacy(PemBlock block, char @Nullable [] password) throws GeneralSecurityException {
        String dek = block.headers().get("DEK-Info");
        if (dek == null || password == null) {
            return block.der();
        }
        String[] parts = dek.split(",");
        String name = parts[0].trim().toUpperCase(Locale.ROOT);
        byte[] iv = HexFormat.of().parseHex(parts.length > 1 ? parts[1].trim() : "");
        String transformation;
        int keyLength;
        switch (name) {
            case "AES-128-CBC", "AES-192-CBC", "AES-256-CBC" -> {
                transformation = "AES/CBC/PKCS5Padding";
                keyLength = Integer.parseInt(name.substring(4, 7)) / 8;
            }
            case "DES-EDE3-CBC" -> {
                transformation = "DESede/CBC/PKCS5Padding";
                keyLength = 24;
            }
            default -> throw new GeneralSecurityException(
                    "its encryption " + name + " is not one Java reads; re-encrypt it: openssl pkcs8 -topk8 -in KEY");
        }
        byte[] key = bytesToKey(password, Arrays.copyOf(iv, 8), keyLength);
        Cipher cipher = Cipher.getInstance(transformation);
        cipher.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(key, transformation.substring(0, transformation.indexOf('/'))),
                new IvParameterSpec(iv));
        return cipher.doFinal(block.der());
    }

    /** OpenSSL's EVP_BytesToKey with MD5 and one round, as its legacy PEM encryption derives the key. */
    private static byte[] bytesToKey(char[] password, byte[] salt, int length) throws GeneralSecurityException {
        byte[] pass = new String(password).getBytes(StandardCharsets.UTF_8);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        for (int filled = 0; filled < length; ) {
            md5.update(previous);
            md5.update(pass);
            md5.update(salt);
            previous = md5.digest();
            int n = Math.min(previous.length, length - filled);
            System.arraycopy(previous, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    /** SEC1's ECPrivateKey as PKCS#8: the curve moves from its parameters into the algorithm identifier. */
    private static byte[] ecToPkcs8(byte[] sec1) {
        Der.Tlv key = Der.read(sec1, 0, sec1.length);
        byte[] curve = null;
        for (Der.Tlv t : key.children()) {
            if (t.tag() == 0xa0) { // [0] parameters: the named curve
                curve = t.children().get(0).encoded();
            }
        }
        if (curve == null) {
            throw new IllegalArgumentException("the EC key names no curve");
        }
        return Der.tlv(
                Der.SEQUENCE, VERSION_0, Der.tlv(Der.SEQUENCE, EC_PUBLIC_KEY, curve), Der.tlv(Der.OCTET_STRING, sec1));
    }
}
