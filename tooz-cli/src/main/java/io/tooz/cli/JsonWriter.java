package io.tooz.cli;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

/**
 * Writes capability value trees and CLI results as compact JSON. Values JSON has no type for are written as strings:
 * msgpack bytes as Python's repr ({@code "b'\\x00ab'"}, so bytes stay visibly distinct from strings, as in Python
 * tooz), UUIDs and dates with {@code toString()}, non-finite doubles as {@code "NaN"}/{@code "Infinity"}; sets become
 * arrays. Map keys that are bytes are written with the same repr.
 */
public final class JsonWriter {
    private JsonWriter() {}

    /** The JSON text of {@code value}. */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            b.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                b.append(d);
            } else {
                string(b, String.valueOf(d));
            }
        } else if (v instanceof ByteBuffer buf) {
            string(b, bytesRepr(buf));
        } else if (v instanceof byte[] bytes) {
            string(b, bytesRepr(ByteBuffer.wrap(bytes)));
        } else if (v instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(first ? "" : ",");
                first = false;
                Object k = e.getKey();
                string(b, k instanceof ByteBuffer kb ? bytesRepr(kb) : String.valueOf(k));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof Collection<?> list) {
            b.append('[');
            boolean first = true;
            for (Object o : list) {
                b.append(first ? "" : ",");
                first = false;
                write(b, o);
            }
            b.append(']');
        } else {
            string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !wellFormedPair(s, i))) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean wellFormedPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** Python's {@code repr(bytes)}: {@code b'...'} with {@code \xNN} escapes for non-printable bytes. */
    static String bytesRepr(ByteBuffer buf) {
        ByteBuffer d = buf.duplicate();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte x : bytes) {
            hasSingle |= x == '\'';
            hasDouble |= x == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder b = new StringBuilder("b").append(quote);
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
                b.append(String.format("\\x%02x", c));
            } else {
                b.append((char) c);
            }
        }
        return b.append(quote).toString();
    }
}
