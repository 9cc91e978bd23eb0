package io.tooz.internal.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The little DER that turning PKCS#1 and SEC1 keys into PKCS#8 takes: reading TLVs, writing a few. */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    private Der() {}

    /** One tag-length-value in {@code source}, from {@code start} to {@code end}; its content from {@code body}. */
    record Tlv(byte[] source, int tag, int start, int body, int end) {
        byte[] encoded() {
            return Arrays.copyOfRange(source, start, end);
        }

        /** The TLVs inside a constructed one (a SEQUENCE, an explicit tag). */
        List<Tlv> children() {
            List<Tlv> out = new ArrayList<>();
            for (int at = body; at < end; ) {
                Tlv t = read(source, at, end);
                out.add(t);
                at = t.end;
            }
            return out;
        }
    }

    /** The TLV at {@code at}, which must end by {@code limit}. */
    static Tlv read(byte[] b, int at, int limit) {
        if (at + 2 > limit) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = b[at] & 0xff;
        int len = b[at + 1] & 0xff;
        int p = at + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || p + n > limit) {
                throw new IllegalArgumentException("bad DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (b[p++] & 0xff);
            }
        }
        if (p + len > limit) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Tlv(b, tag, at, p, p + len);
    }

    /** A TLV of {@code tag} around the concatenated {@code parts}. */
    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        int n = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
