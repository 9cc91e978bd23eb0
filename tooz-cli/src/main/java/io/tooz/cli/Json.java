package io.tooz.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import io.tooz.spi.PythonRepr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI's JSON, through jackson-jr: compact documents of plain values. Writing, values JSON has no type for become
 * strings: bytes as Python's repr ({@code "b'\\x00ab'"}, so that bytes stay visibly distinct from strings, as in Python
 * tooz; byte keys too), non-finite doubles as {@code "NaN"}/{@code "Infinity"}, anything else (UUIDs, dates, msgpack
 * extensions) with {@code toString()}; sets become arrays. Reading gives maps in document order, lists, strings,
 * booleans, nulls, doubles and integers as {@link Long} ({@link BigInteger} beyond).
 */
final class Json {
    private static final JSON JR =
            JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).with(JSON.Feature.USE_DEFERRED_MAPS, false);

    private Json() {}

    /** The compact JSON text of {@code value}. */
    static String write(Object value) {
        try {
            return JR.asString(plain(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object of {@code nameValuePairs} (name, value, name, value, ...), in that order; values may be null. */
    static Map<String, Object> object(Object... nameValuePairs) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
            o.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return o;
    }

    /** Parses one JSON document; {@link IllegalArgumentException} "invalid JSON at offset N: why" if it is not one. */
    static Object parse(String text) {
        try (JsonParser p = JR.createParser(text)) {
            Object value = JR.anyFrom(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("invalid JSON at offset "
                        + p.currentTokenLocation().getCharOffset() + ": more after the document");
            }
            return longs(value);
        } catch (JsonProcessingException e) {
            long offset =
                    e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            throw new IllegalArgumentException("invalid JSON at offset " + offset + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object plain(Object v) {
        if (v == null || v instanceof Boolean || v instanceof String) {
            return v;
        } else if (v instanceof Long || v instanceof Integer || v instanceof BigInteger || v instanceof Double) {
            return v;
        } else if (v instanceof Float f) {
            return f.doubleValue();
        } else if (v instanceof ByteBuffer b) {
            return PythonRepr.bytes(b);
        } else if (v instanceof byte[] b) {
            return PythonRepr.bytes(b);
        } else if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach(
                    (k, x) -> out.put(k instanceof ByteBuffer b ? PythonRepr.bytes(b) : String.valueOf(k), plain(x)));
            return out;
        } else if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v.toString();
    }

    /** jackson-jr reads small integers as Integer; the CLI, like Capabilities, has Long for every integer. */
    @SuppressWarnings("unchecked")
    private static Object longs(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        } else if (v instanceof Map<?, ?> m) {
            ((Map<Object, Object>) m).replaceAll((k, x) -> longs(x));
        } else if (v instanceof List<?> l) {
            ((List<Object>) l).replaceAll(Json::longs);
        }
        return v;
    }
}
