package io.tooz.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Golden strings printed by Python 3.11: {@code python3 -c "print(repr(b'...'))"}. */
class PythonReprTest {

    @Test
    void printableAsciiIsItselfInSingleQuotes() {
        assertThat(PythonRepr.bytes(new byte[0])).isEqualTo("b''");
        assertThat(PythonRepr.utf8("_tooz")).isEqualTo("b'_tooz'");
        assertThat(PythonRepr.utf8("say \"hi\"")).isEqualTo("b'say \"hi\"'");
    }

    @Test
    void aSingleQuoteWithoutADoubleQuoteSwitchesToDoubleQuotes() {
        assertThat(PythonRepr.utf8("it's")).isEqualTo("b\"it's\"");
        assertThat(PythonRepr.utf8("both ' and \"")).isEqualTo("b'both \\' and \"'");
    }

    @Test
    void escapesAsPythonDoes() {
        // print(repr(bytes([0, 97, 10, 13, 9, 0x1f, 0x7f, 0x80, 0xff, 92])))
        byte[] b = {0, 'a', '\n', '\r', '\t', 0x1f, 0x7f, (byte) 0x80, (byte) 0xff, '\\'};
        assertThat(PythonRepr.bytes(b)).isEqualTo("b'\\x00a\\n\\r\\t\\x1f\\x7f\\x80\\xff\\\\'");
        assertThat(PythonRepr.utf8("café")).isEqualTo("b'caf\\xc3\\xa9'");
    }

    @Test
    void aBufferIsReadFromItsPositionWithoutMovingIt() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {'x', 'a', 'b'});
        buf.position(1);
        assertThat(PythonRepr.bytes(buf)).isEqualTo("b'ab'");
        assertThat(buf.position()).isEqualTo(1);
    }
}
