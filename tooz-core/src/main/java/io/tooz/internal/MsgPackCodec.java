package io.tooz.internal;

import io.tooz.MsgPackExtension;
import io.tooz.SerializationException;
import io.tooz.spi.PythonRepr;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/** MessagePack with the oslo.serialization extension types Python tooz uses; see PYTHON-TOOZ.md §1.11. */
public final class MsgPackCodec {
    static final byte EXT_UUID = 0;
    static final byte EXT_DATETIME = 1;
    static final byte EXT_SET = 4;
    static final byte EXT_FROZENSET = 5;
    static final byte EXT_XMLRPC_DATETIME = 6;
    static final byte EXT_DATE = 7;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private MsgPackCodec() {}

    /**
     * The Java type this codec reads extension {@code type} as, or {@code null} for a type it keeps as a {@link
     * MsgPackExtension}.
     */
    public static @Nullable String javaTypeOfExtension(int type) {
        switch (type) {
            case EXT_UUID:
                return "java.util.UUID";
            case EXT_DATETIME:
            case EXT_XMLRPC_DATETIME:
                return "java.time.LocalDateTime";
            case EXT_SET:
            case EXT_FROZENSET:
                return "java.util.Set";
            case EXT_DATE:
                return "java.time.LocalDate";
            default:
                return null;
        }
    }

    public static byte[] encode(@Nullable Object value) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            pack(p, value);
            return p.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot encode capabilities " + describe(value), e);
        }
    }

    public static @Nullable Object decode(byte[] bytes) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            Object v = unpack(u);
            if (u.hasNext()) {
                throw new SerializationException(
                        "trailing bytes after the capabilities value (" + bytes.length + " bytes in all)");
            }
            return v;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException(
                    "cannot decode capabilities from " + bytes.length + " bytes of MessagePack: " + e.getMessage(), e);
        }
    }

    public static @Nullable Object normalize(@Nullable Object v) {
        if (v == null || v instanceof Boolean || v instanceof Long || v instanceof Double || v instanceof String) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger b) {
            if (b.bitLength() < 64) {
                return b.longValue();
            }
            if (b.signum() < 0 || b.compareTo(UINT64_MAX) > 0) {
                throw new SerializationException("integer " + b + " does not fit MessagePack's 64 bits");
            }
            return b;
        }
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        if (v instanceof byte[] b) {
            return ByteBuffer.wrap(b.clone()).asReadOnlyBuffer();
        }
        if (v instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            return ByteBuffer.wrap(out).asReadOnlyBuffer();
        }
        if (v instanceof UUID
                || v instanceof LocalDateTime
                || v instanceof LocalDate
                || v instanceof MsgPackExtension) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(normalizeKey(e.getKey()), normalize(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            s.forEach(x -> out.add(normalize(x)));
            return Collections.unmodifiableSet(out);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(normalize(x)));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Object[] a) {
            return normalize(List.of(a));
        }
        if (v.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(normalize(java.lang.reflect.Array.get(v, i)));
            }
            return Collections.unmodifiableList(out);
        }
        throw new SerializationException(
                "capabilities cannot hold a value of type " + v.getClass().getName()
                        + "; use null, Boolean, a number, String, byte[], List, Set, Map, UUID, LocalDate, LocalDateTime or MsgPackExtension");
    }

    private static Object normalizeKey(Object k) {
        Object n = normalize(k);
        if (n instanceof String || n instanceof ByteBuffer) {
            return n;
        }
        throw new SerializationException("capabilities map keys must be strings or bytes (Python tooz rejects "
                + "others), got " + (k == null ? "null" : k.getClass().getSimpleName() + " " + k));
    }

    private static void pack(MessagePacker p, @Nullable Object v) throws IOException {
        if (v == null) {
            p.packNil();
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else if (v instanceof Long l) {
            p.packLong(l);
        } else if (v instanceof BigInteger b) {
            p.packBigInteger(b);
        } else if (v instanceof Double d) {
            p.packDouble(d);
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            p.packBinaryHeader(out.length);
            p.writePayload(out);
        } else if (v instanceof Map<?, ?> m) {
            p.packMapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pack(p, e.getKey());
                pack(p, e.getValue());
            }
        } else if (v instanceof Set<?> s) {
            packExtension(p, EXT_SET, encode(new ArrayList<>(s)));
        } else if (v instanceof List<?> l) {
            p.packArrayHeader(l.size());
            for (Object x : l) {
                pack(p, x);
            }
        } else if (v instanceof UUID u) {
            packExtension(p, EXT_UUID, u.toString().replace("-", "").getBytes(StandardCharsets.US_ASCII));
        } else if (v instanceof LocalDateTime t) {
            packExtension(p, EXT_DATETIME, encode(OsloTime.datetimeFields(t)));
        } else if (v instanceof LocalDate d) {
            packExtension(p, EXT_DATE, encode(OsloTime.dateFields(d)));
        } else if (v instanceof MsgPackExtension x) {
            packExtension(p, (byte) x.type(), x.data());
        } else {
            pack(p, normalize(v));
        }
    }

    private static void packExtension(MessagePacker p, byte type, byte[] payload) throws IOException {
        p.packExtensionTypeHeader(type, payload.length);
        p.writePayload(payload);
    }

    private static @Nullable Object unpack(MessageUnpacker u) throws IOException {
        MessageFormat f = u.getNextFormat();
        switch (f.getValueType()) {
            case NIL:
                u.unpackNil();
                return null;
            case BOOLEAN:
                return u.unpackBoolean();
            case INTEGER:
                if (f == MessageFormat.UINT64) {
                    return normalize(u.unpackBigInteger());
                }
                return u.unpackLong();
            case FLOAT:
                return u.unpackDouble();
            case STRING:
                return u.unpackString();
            case BINARY:
                return ByteBuffer.wrap(u.readPayload(u.unpackBinaryHeader())).asReadOnlyBuffer();
            case ARRAY: {
                int n = u.unpackArrayHeader();
                List<Object> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(unpack(u));
                }
                return Collections.unmodifiableList(out);
            }
            case MAP: {
                int n = u.unpackMapHeader();
                Map<Object, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object k = unpack(u);
                    out.put(k, unpack(u));
                }
                return Collections.unmodifiableMap(out);
            }
            case EXTENSION: {
                var h = u.unpackExtensionTypeHeader();
                return decodeExtension(h.getType(), u.readPayload(h.getLength()));
            }
            default:
                throw new SerializationException("unsupported MessagePack format " + f);
        }
    }

    private static Object decodeExtension(byte type, byte[] payload) {
        switch (type) {
            case EXT_UUID:
                String hex = new String(payload, StandardCharsets.US_ASCII);
                return UUID.fromString(hex.replaceFirst(
                        "(\\p{XDigit}{8})(\\p{XDigit}{4})(\\p{XDigit}{4})(\\p{XDigit}{4})(\\p{XDigit}+)",
                        "$1-$2-$3-$4-$5"));
            case EXT_DATETIME:
            case EXT_XMLRPC_DATETIME:
                return OsloTime.datetime(fieldsIn(type, payload));
            case EXT_DATE:
                return OsloTime.date(fieldsIn(type, payload));
            case EXT_SET:
            case EXT_FROZENSET:
                return Collections.unmodifiableSet(new LinkedHashSet<>((List<?>) decode(payload)));
            default:
                return new MsgPackExtension(type, payload);
        }
    }

    private static Map<?, ?> fieldsIn(byte type, byte[] payload) {
        if (decode(payload) instanceof Map<?, ?> fields) {
            return fields;
        }
        throw new SerializationException("MessagePack extension " + type + " does not hold a map of date fields");
    }

    /** A readable rendering: JSON-like, bytes as Python shows them ({@link PythonRepr}). */
    public static String describe(@Nullable Object v) {
        StringBuilder sb = new StringBuilder();
        describe(sb, v);
        return sb.toString();
    }

    private static void describe(StringBuilder sb, @Nullable Object v) {
        if (v instanceof String s) {
            sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else if (v instanceof ByteBuffer b) {
            sb.append(PythonRepr.bytes(b));
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep);
                describe(sb, e.getKey());
                sb.append(": ");
                describe(sb, e.getValue());
                sep = ", ";
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append(v instanceof Set ? "set(" : "").append('[');
            String sep = "";
            for (Object x : c) {
                sb.append(sep);
                describe(sb, x);
                sep = ", ";
            }
            sb.append(']').append(v instanceof Set ? ")" : "");
        } else {
            sb.append(v);
        }
    }
}
