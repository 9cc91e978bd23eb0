package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.zookeeper.common.PathUtils;
import org.junit.jupiter.api.Test;

class ZkEntryNameTest {

    @Test
    void namesCarryHolderAndTagAndReadBack() {
        for (String holder : List.of("a", "a_b__lock__0000000001", "x%41/y z", "ü-日本", "", "..")) {
            for (String tag : List.of("read", "write", "permits:12", "x")) {
                String name = ZkEntryName.prefix(holder, tag) + "0000000042";
                PathUtils.validatePath("/d/" + name);
                assertThat(ZkEntryName.parse(name)).isEqualTo(new ZkEntryName.Parsed(42, holder, tag));
            }
        }
    }

    @Test
    void readAndWriteEntriesAreKazooContenders() {
        assertThat(ZkEntryName.prefix("m", "write")).matches("[0-9a-f]{32}\\.m__lock__");
        assertThat(ZkEntryName.prefix("m", "read")).matches("[0-9a-f]{32}\\.m__rlock__");
        assertThat(ZkEntryName.parse("0123456789abcdef0123456789abcdef__rlock__0000000007"))
                .isEqualTo(new ZkEntryName.Parsed(7, null, "read"));
        assertThat(ZkEntryName.parse("0123456789abcdef0123456789abcdef__lock__0000000000"))
                .isEqualTo(new ZkEntryName.Parsed(0, null, "write"));
    }

    @Test
    void otherNodesAndBadTagsAreNotEntries() {
        assertThat(ZkEntryName.parse("_c_0f3e-lock-0000000001")).isNull(); // Curator's
        assertThat(ZkEntryName.parse("0123456789abcdef0123456789abcdef")).isNull(); // kazoo Semaphore's lease
        assertThat(ZkEntryName.parse("lock")).isNull();
        assertThatThrownBy(() -> ZkEntryName.prefix("m", "lock")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZkEntryName.prefix("m", "Read")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ZkEntryName.decode("%4")).isEqualTo("%4");
        assertThat(ZkEntryName.decode("%zz%41")).isEqualTo("%zzA");
    }
}
