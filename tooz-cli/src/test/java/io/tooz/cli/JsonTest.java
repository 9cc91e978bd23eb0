package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryJsonType() {
        Object v = JsonParser.parse(
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
            Object parsed = JsonParser.parse(doc);
            String written = JsonWriter.write(parsed);
            assertThat(JsonParser.parse(written)).as(doc).isEqualTo(parsed);
            assertThat(JsonWriter.write(JsonParser.parse(written))).as(doc).isEqualTo(written);
        }
    }

    @Test
    void capabilitiesSurviveParseEncodeDecodeWrite() {
        String doc = "{\"weight\":2,\"zone\":\"eu-1\",\"tags\":[\"a\",1,2.5,false,null],\"nested\":{\"k\":{}}}";
        Capabilities caps = Capabilities.of(JsonParser.parse(doc));
        Capabilities decoded = Capabilities.decode(caps.encode());
        assertThat(JsonWriter.write(decoded.value())).isEqualTo(doc);
    }

    @Test
    void writesBytesAsPythonRepr() {
        assertThat(JsonWriter.bytesRepr(ByteBuffer.wrap(new byte[] {0, 'a', '\n', (byte) 0xff, '\\'})))
                .isEqualTo("b'\\x00a\\n\\xff\\\\'");
        assertThat(JsonWriter.bytesRepr(ByteBuffer.wrap("it's".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("b\"it's\"");
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(ByteBuffer.wrap(new byte[] {'k'}), ByteBuffer.wrap(new byte[] {1}));
        assertThat(JsonWriter.write(map)).isEqualTo("{\"b'k'\":\"b'\\\\x01'\"}");
        assertThat(JsonWriter.write(List.of(Double.NaN))).isEqualTo("[\"NaN\"]");
    }

    @Test
    void rejectsMalformedJsonSayingWhere() {
        for (String bad : new String[] {"", "{", "{\"a\" 1}", "[1,]", "01", "\"abc", "tru", "{\"a\":1} x", "\"\\q\""}) {
            assertThatThrownBy(() -> JsonParser.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid JSON at offset ");
        }
    }
}
