package io.tooz.interop;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * JSON for peer.py's protocol and etcd's JSON gateway, through jackson-jr. Integers read as {@link Long} (as Java tooz
 * gives them back), maps keep their order and their null values.
 */
final class PeerJson {
    private static final JSON JR =
            JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).with(JSON.Feature.USE_DEFERRED_MAPS, false);

    private PeerJson() {}

    static String write(Object value) {
        try {
            return JR.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object parse(String text) {
        try {
            return longs(JR.anyFrom(text));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object longs(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        } else if (v instanceof Map<?, ?> m) {
            ((Map<Object, Object>) m).replaceAll((k, x) -> longs(x));
        } else if (v instanceof List<?> l) {
            ((List<Object>) l).replaceAll(PeerJson::longs);
        }
        return v;
    }
}
