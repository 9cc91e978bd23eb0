package io.tooz.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The claim namespace of a group's tasks of one period length: {@code group~lengthMillis}, hashed if too long. */
final class Namespaces {
    private Namespaces() {}

    static String of(String group, long lengthMillis) {
        String plain = group + "~" + lengthMillis;
        if (plain.getBytes(StandardCharsets.UTF_8).length <= 255) {
            return plain;
        }
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(group.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha1) + "~" + lengthMillis;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
