package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryJsonType() {
        Object v = Json.parse(
                " {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"b\": {\"c\": \"x\\\"y\\u00e9\\n\"}, \"big\": 18446744073709551615} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2L, 3.5, 1000.0, true, false, null));
        expected.put("b", Map.of("c", "x\"yé\n"));
        expected.put("big", new BigInteger("18446744073709551615"));
        assertThat(v).isEqualTo(expected);
    }

    @Test
    void roundTripsThroughWriter() {
        String[] docs = {
            "{}",
            "[]",
            "null",
            "\"\"",
            "{\"weight\":2,\"zone\":\"eu-1\",\"tags\":[\"a\",\"b\"],\"ratio\":0.25,\"ok\":true,\"none\":null}",
            "[[],[{}],{\"\\u0000\":\"\\t\\\\\\\"\"},-9223372036854775808,9223372036854775807,\"日本語 🎉\"]"
        };
        for (String doc : docs) {
            Object parsed = Json.parse(doc);
            String written = Json.write(parsed);
            assertThat(Json.parse(written)).as(doc).isEqualTo(parsed);
            assertThat(Json.write(Json.parse(written))).as(doc).isEqualTo(written);
        }
    }

    @Test
    void capabilitiesSurviveParseEncodeDecodeWrite() {
        String doc = "{\"weight\":2,\"zone\":\"eu-1\",\"tags\":[\"a\",1,2.5,false,null],\"nested\":{\"k\":{}}}";
        Capabilities caps = Capabilities.of(Json.parse(doc));
        Capabilities decoded = Capabilities.decode(caps.encode());
        assertThat(Json.write(decoded.value())).isEqualTo(doc);
    }

    @Test
    void writesWhatJsonHasNoTypeForAsStringsAndBytesAsPythonRepr() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(ByteBuffer.wrap(new byte[] {'k'}), ByteBuffer.wrap(new byte[] {1}));
        map.put("raw", new byte[] {0, 'a', '\n', (byte) 0xff, '\\'});
        map.put("quote", "it's".getBytes(StandardCharsets.US_ASCII));
        map.put("set", new LinkedHashSet<>(List.of(1L, 2L)));
        map.put("id", UUID.fromString("00000000-0000-0000-0000-00000000002a"));
        assertThat(Json.write(map))
                .isEqualTo("{\"b'k'\":\"b'\\\\x01'\",\"raw\":\"b'\\\\x00a\\\\n\\\\xff\\\\\\\\'\","
                        + "\"quote\":\"b\\\"it's\\\"\",\"set\":[1,2],\"id\":\"00000000-0000-0000-0000-00000000002a\"}");
        assertThat(Json.write(Arrays.asList(Double.NaN, Double.NEGATIVE_INFINITY, 0.5, 1.0E10, null)))
                .isEqualTo("[\"NaN\",\"-Infinity\",0.5,1.0E10,null]");
    }

    @Test
    void rejectsMalformedJsonSayingWhere() {
        for (String bad : new String[] {"", "{", "{\"a\" 1}", "[1,]", "01", "\"abc", "tru", "{\"a\":1} x", "\"\\q\""}) {
            assertThatThrownBy(() -> Json.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid JSON at offset ");
        }
    }
}
