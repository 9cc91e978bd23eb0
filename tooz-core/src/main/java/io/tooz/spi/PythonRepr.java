package io.tooz.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Python 3's {@code repr()} of {@code bytes}, the form Python tooz shows bytes in and, through {@code "%s" % b}, the
 * form some of its keys are built from (e.g. Redis lock keys before tooz 9: {@code b'_tooz'_b'name'_lock}).
 *
 * <p>The rendering is Python's: {@code b'...'} in single quotes, or in double quotes when the bytes hold a single
 * quote and no double quote; {@code \t}, {@code \n}, {@code \r}, {@code \\} and the enclosing quote escaped;
 * other bytes below 0x20 or from 0x7f up as {@code \xNN} (lower-case hex); printable ASCII as itself.
 */
public final class PythonRepr {
    private PythonRepr() {}

    /** {@code repr(b)} for {@code bytes}, e.g. {@code b'\x00ab'} or {@code b"it's"}. */
    public static String bytes(byte[] bytes) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte x : bytes) {
            hasSingle |= x == '\'';
            hasDouble |= x == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder b = new StringBuilder(bytes.length + 3).append('b').append(quote);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c == quote || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                b.append((char) c);
            }
        }
        return b.append(quote).toString();
    }

    /** {@code repr()} of the remaining bytes of {@code buf}; its position is left where it is. */
    public static String bytes(ByteBuffer buf) {
        ByteBuffer d = buf.duplicate();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        return bytes(bytes);
    }

    /** {@code repr(s.encode('utf-8'))}: the UTF-8 bytes of {@code s}, e.g. {@code b'caf\xc3\xa9'} for "café". */
    public static String utf8(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
