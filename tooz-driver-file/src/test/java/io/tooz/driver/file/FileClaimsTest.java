package io.tooz.driver.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.spi.DriverClaims.Claim;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileClaimsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCompleteRecordIsRead() {
        assertThat(FileClaims.parse(bytes("42 6\nmember"))).isEqualTo(new Claim("member", 42));
        assertThat(FileClaims.parse(bytes("7 6\nü-日"))).isEqualTo(new Claim("ü-日", 7));
        assertThat(FileClaims.parse(bytes("7 3\na\nb"))).isEqualTo(new Claim("a\nb", 7));
    }

    @Test
    void anIncompleteRecordIsNot() {
        assertThat(FileClaims.parse(new byte[0])).isNull();
        assertThat(FileClaims.parse(bytes("42 6"))).isNull();
        assertThat(FileClaims.parse(bytes("42 6\nmem"))).isNull();
        assertThat(FileClaims.parse(bytes("42\nmember"))).isNull();
        assertThat(FileClaims.parse(bytes("x 6\nmember"))).isNull();
    }
}
