package io.tooz.driver.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which servers' replies to {@code version} let a connection use the meta commands for plain locks. */
class MemcachedVersionTest {

    private static boolean meta(String version) {
        return MemcachedVersion.parse(version).compareTo(MemcachedVersion.FULL_META) >= 0;
    }

    @Test
    void releasesFrom1610OnSpeakMetaAndOlderOrUnreadableOnesDoNot() {
        assertThat(meta("1.6.18")).isTrue();
        assertThat(meta("1.6.10")).isTrue();
        assertThat(meta("1.10.0")).isTrue();
        assertThat(meta("2.0")).isTrue();
        assertThat(meta("1.6.10-rc1")).isTrue();
        assertThat(meta("1.6.9")).isFalse();
        assertThat(meta("1.6.9-rc1")).isFalse();
        assertThat(meta("1.5.22")).isFalse();
        assertThat(meta("1.4")).isFalse();
        assertThat(meta("unknown")).isFalse();
        assertThat(meta("")).isFalse();
        assertThat(MemcachedVersion.parse("1.6.18 ").toString()).isEqualTo("1.6.18");
    }
}
