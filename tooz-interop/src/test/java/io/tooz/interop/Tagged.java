package io.tooz.interop;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tagged JSON form of capability values that peer.py speaks, so that bytes and str stay distinct: bytes are
 * {@code {"b64": "..."}}, maps are {@code {"map": [[key, value], ...]}}, the rest is plain JSON. On the Java side bytes
 * are {@link ByteBuffer} (as in {@link io.tooz.Capabilities#value()}).
 */
final class Tagged {
    private Tagged() {}

    /** A Java capability value (as given to or returned by {@code Capabilities}) in tagged JSON. */
    static Object encode(Object value) {
        if (value instanceof byte[] b) {
            return Map.of("b64", Base64.getEncoder().encodeToString(b));
        }
        if (value instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            return encode(bytes);
        }
        if (value instanceof Map<?, ?> m) {
            List<Object> pairs = new ArrayList<>();
            m.forEach((k, v) -> pairs.add(new ArrayList<>(Arrays.asList(encode(k), encode(v)))));
            return Map.of("map", pairs);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(encode(v)));
            return out;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value; // null, Boolean, Long, Double, String
    }

    /** A tagged JSON value from peer.py as a Java capability value. */
    static Object decode(Object json) {
        if (json instanceof Map<?, ?> m) {
            if (m.containsKey("b64")) {
                return ByteBuffer.wrap(Base64.getDecoder().decode((String) m.get("b64")));
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Object pair : (List<?>) m.get("map")) {
                List<?> kv = (List<?>) pair;
                out.put(decode(kv.get(0)), decode(kv.get(1)));
            }
            return out;
        }
        if (json instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(decode(v)));
            return out;
        }
        return json;
    }
}
