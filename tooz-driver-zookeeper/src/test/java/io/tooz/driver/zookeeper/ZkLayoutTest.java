package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.zookeeper.common.PathUtils;
import org.junit.jupiter.api.Test;

class ZkLayoutTest {

    @Test
    void claimNamesAreOneValidZnodeNameEach() {
        List<String> names = List.of(
                "plain-name_1.x~",
                ".",
                "..",
                ".hidden",
                "a/b",
                "%2F",
                "with space",
                "ü-日本",
                "\u0001\u007f\u0000",
                "x".repeat(255));
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            String e = ZkLayout.encode(n);
            PathUtils.validatePath("/" + e);
            assertThat(e).doesNotStartWith(".").doesNotContain("/");
            assertThat(seen.add(e)).as(n).isTrue();
        }
        assertThat(ZkLayout.encode("plain-name_1.x~")).isEqualTo("plain-name_1.x~");
        assertThat(ZkLayout.encode("a/b %")).isEqualTo("a%2Fb%20%25");
        assertThat(ZkLayout.encode("..")).isEqualTo("%2E.");
        assertThat(ZkLayout.encode("ü")).isEqualTo("%C3%BC");
    }

    @Test
    void claimPathsNestUnderTheRoot() {
        ZkLayout l = new ZkLayout("tooz");
        assertThat(l.claim("ns/1", "t")).isEqualTo("/tooz/claims/ns%2F1/t");
        assertThat(l.claimClock()).isEqualTo("/tooz/claims/.clock");
    }
}
