package io.tooz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MsgPackExtensionTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void anUninterpretedExtensionDecodesToThePublicTypeAndEncodesBackByteForByte() {
        // fixext 1, type 42, payload 0x01: Python's msgpack.packb(msgpack.ExtType(42, b'\x01'))
        byte[] stored = hex("d42a01");
        Capabilities c = Capabilities.decode(stored);
        assertThat(c.value()).isInstanceOf(MsgPackExtension.class).isEqualTo(new MsgPackExtension(42, hex("01")));
        assertThat(c.encode()).isEqualTo(stored);
        assertThat(c).hasToString("ExtType(code=42, data=b'\\x01')");
    }

    @Test
    void roundTripsThroughCapabilitiesInsideMapsAndLists() {
        MsgPackExtension count = new MsgPackExtension(2, hex("920001")); // oslo's itertools.count(0, 1)
        MsgPackExtension reserved = new MsgPackExtension(-1, hex("00000000"));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("count", count);
        value.put("many", List.of(reserved, "x"));
        Capabilities c = Capabilities.of(value);

        Capabilities back = Capabilities.decode(c.encode());

        assertThat(back).isEqualTo(c);
        assertThat(back.get("count")).contains(count);
        assertThat(back.asMap().get("many")).isEqualTo(List.of(reserved, "x"));
        assertThat(HexFormat.of().formatHex(c.encode()))
                .contains("c70302920001")
                .contains("d6ff00000000");
    }

    @Test
    void isImmutableAndComparedByCodeAndPayload() {
        byte[] payload = {1, 2, 3};
        MsgPackExtension x = new MsgPackExtension(9, payload);
        payload[0] = 7;
        x.data()[1] = 7;
        assertThat(x.data()).containsExactly(1, 2, 3);
        assertThat(x.type()).isEqualTo(9);
        assertThat(x)
                .isEqualTo(new MsgPackExtension(9, new byte[] {1, 2, 3}))
                .hasSameHashCodeAs(new MsgPackExtension(9, new byte[] {1, 2, 3}))
                .isNotEqualTo(new MsgPackExtension(10, new byte[] {1, 2, 3}))
                .isNotEqualTo(new MsgPackExtension(9, new byte[] {1, 2}));
        assertThat(new MsgPackExtension(9, new byte[] {'a', 'b', 0})).hasToString("ExtType(code=9, data=b'ab\\x00')");
    }

    @Test
    void refusesCodesOutOfRangeOrReadAsJavaTypes() {
        assertThatThrownBy(() -> new MsgPackExtension(128, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-128 to 127");
        assertThatThrownBy(() -> new MsgPackExtension(-129, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MsgPackExtension(0, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.UUID");
        for (int code : new int[] {1, 4, 5, 6, 7}) {
            assertThatThrownBy(() -> new MsgPackExtension(code, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new MsgPackExtension(-128, new byte[0]).type()).isEqualTo(-128);
        assertThat(new MsgPackExtension(127, new byte[0]).type()).isEqualTo(127);
    }
}
