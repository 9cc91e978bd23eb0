package io.tooz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden bytes from PYTHON-TOOZ.md §1.11, produced by oslo.serialization's msgpackutils. */
class CapabilitiesTest {
    private static String hex(Capabilities c) {
        return HexFormat.of().formatHex(c.encode());
    }

    @Test
    void encodesLikePythonTooz() {
        assertThat(hex(Capabilities.none())).isEqualTo("c0");
        assertThat(hex(Capabilities.of(new byte[0]))).isEqualTo("c400");
        assertThat(hex(Capabilities.of(Map.of("weight", 1)))).isEqualTo("81a6776569676874" + "01");
        Map<Object, Object> inner = new LinkedHashMap<>();
        inner.put("capabilities".getBytes(), null);
        assertThat(hex(Capabilities.of(Map.of("m1".getBytes(), inner))))
                .isEqualTo("81c4026d3181c40c6361706162696c6974696573c0");
        assertThat(hex(Capabilities.of(List.of("g1".getBytes())))).isEqualTo("91c4026731");
        assertThat(hex(Capabilities.of(Set.of(1)))).isEqualTo("d5049101");
        assertThat(hex(Capabilities.of(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000))))
                .isEqualTo("c73801" + "87a3646179" + "02" + "a56d6f6e7468" + "01" + "a479656172" + "cd07e8"
                        + "a4686f7572" + "03" + "a66d696e757465" + "04" + "a67365636f6e64" + "05"
                        + "ab6d6963726f7365636f6e64" + "06");
    }

    /** Golden bytes produced by oslo.serialization 5.0.0 (Debian's python3-tooz 3.1.0 stack) on this project. */
    @Test
    void extensionTypesAndEdgeIntegersMatchOsloSerialization() {
        assertThat(hex(Capabilities.of(java.time.LocalDate.of(2024, 1, 2))))
                .isEqualTo("c7150783a479656172cd07e8a56d6f6e746801a364617902");
        java.util.UUID id = java.util.UUID.fromString("12345678-1234-5678-1234-567812345678");
        assertThat(hex(Capabilities.of(id)))
                .isEqualTo("c720003132333435363738313233343536373831323334353637383132333435363738");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", java.util.Arrays.asList(1, 2.5, null, true, "x".getBytes(), "y"));
        m.put("big", new java.math.BigInteger("18446744073709551615"));
        m.put("neg", Long.MIN_VALUE);
        String golden =
                "83a1619601cb4004000000000000c0c3c40178a179a3626967cfffffffffffffffffa36e6567d38000000000000000";
        assertThat(hex(Capabilities.of(m))).isEqualTo(golden);
        assertThat(Capabilities.decode(HexFormat.of().parseHex(golden))).isEqualTo(Capabilities.of(m));
        assertThat(Capabilities.decode(HexFormat.of().parseHex("d5059101")).value())
                .isEqualTo(Set.of(1L));
        assertThat(Capabilities.decode(Capabilities.of(id).encode()).value()).isEqualTo(id);
    }

    @Test
    void roundTripsKeepingBytesAndStringsDistinct() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "text");
        value.put("b", "text".getBytes());
        value.put("n", -70000L);
        value.put("f", 1.5);
        value.put("l", List.of(1, true, "x"));
        value.put("nil", null);
        Capabilities c = Capabilities.of(value);
        Capabilities back = Capabilities.decode(c.encode());
        assertThat(back).isEqualTo(c);
        assertThat(back.getString("s")).contains("text");
        assertThat(back.getBytes("b")).hasValue("text".getBytes());
        assertThat(back.getString("b")).isEmpty();
        assertThat(back.getLong("n")).contains(-70000L);
        assertThat(back.getDouble("f")).contains(1.5);
        assertThat(back.get("nil")).isEmpty();
    }

    @Test
    void rejectsWhatPythonCannotRead() {
        assertThatThrownBy(() -> Capabilities.of(Map.of(1, "x")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("keys must be strings or bytes");
        assertThatThrownBy(() -> Capabilities.of(new Object()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> Capabilities.decode(new byte[] {(byte) 0xc1}))
                .isInstanceOf(SerializationException.class);
    }
}
