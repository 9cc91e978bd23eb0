package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.spi.LockId;
import org.junit.jupiter.api.Test;

/** Key names as Python tooz computes them; the legacy ones are golden strings printed by Python 3.11. */
class RedisKeysTest {
    private final RedisKeys modern = new RedisKeys("_tooz", false);
    private final RedisKeys legacy = new RedisKeys("_tooz", true);

    @Test
    void groupsMembersAndModernLocksAsPythonTooz9() {
        assertThat(modern.groups()).isEqualTo("_tooz_groups");
        assertThat(modern.group("g1")).isEqualTo("_tooz_group:g1");
        assertThat(modern.beat("m1")).isEqualTo("_tooz_beats:m1");
        assertThat(modern.lock(LockId.lock("name"))).isEqualTo("_tooz_name_lock");
        assertThat(modern.lock(LockId.leader("g1"))).isEqualTo("_tooz_leader_of_g1_lock");
    }

    @Test
    void claimKeysAreLengthPrefixedAndShareTheNamespaceHashTag() {
        assertThat(modern.claimTokens("ns")).isEqualTo("_tooz_claims:{2:ns}");
        assertThat(modern.claim("ns", 60_000, "t:1")).isEqualTo("_tooz_claim:{2:ns}:3:t:1:60000");
        assertThat(modern.claim("ü", -5, "a")).isEqualTo("_tooz_claim:{2:ü}:1:a:-5");
        assertThat(modern.claim("a:1", 2, "b")).isNotEqualTo(modern.claim("a", 1, "2:b"));
        assertThat(modern.claim("a", 1, "2:b")).isNotEqualTo(modern.claim("a", 2, "1:b"));
    }

    @Test
    void queueKeysAreLengthPrefixedUnderOneHashTagPerKindAndName() {
        String rw = modern.queue(LockId.readWrite("a:b"));
        assertThat(rw).isEqualTo("_tooz_rwlock:{3:a:b}");
        assertThat(modern.queue(LockId.semaphore("ü"))).isEqualTo("_tooz_semaphore:{2:ü}");
        assertThat(modern.queue(LockId.semaphore("a:b"))).isNotEqualTo(rw);
        assertThat(RedisKeys.queueCounter(rw)).isEqualTo("_tooz_rwlock:{3:a:b}:seq");
        assertThat(RedisKeys.queueIndex(rw)).isEqualTo("_tooz_rwlock:{3:a:b}:index");
        assertThat(RedisKeys.queueEntry(rw, 42)).isEqualTo("_tooz_rwlock:{3:a:b}:42");
        assertThat(RedisKeys.queueBroken(rw)).isEqualTo("_tooz_rwlock:{3:a:b}:broken");
        assertThat(RedisKeys.queueChannel(rw)).isEqualTo("_tooz_rwlock:{3:a:b}:removed");
        assertThat(modern.holderChannel(modern.lock(LockId.leader("g"))))
                .isEqualTo("_tooz_holder:_tooz_leader_of_g_lock");
    }

    @Test
    void legacyLocksAsPythonTooz31FormatsBytes() {
        // /usr/bin/python3 -c "print('%s_%s_lock' % (b'_tooz', NAME.encode('utf-8')))"
        assertThat(legacy.lock(LockId.lock("name"))).isEqualTo("b'_tooz'_b'name'_lock");
        assertThat(legacy.lock(LockId.lock("it's"))).isEqualTo("b'_tooz'_b\"it's\"_lock");
        assertThat(legacy.lock(LockId.lock("say \"hi\""))).isEqualTo("b'_tooz'_b'say \"hi\"'_lock");
        assertThat(legacy.lock(LockId.lock("both ' and \""))).isEqualTo("b'_tooz'_b'both \\' and \"'_lock");
        assertThat(legacy.lock(LockId.lock("back\\slash"))).isEqualTo("b'_tooz'_b'back\\\\slash'_lock");
        assertThat(legacy.lock(LockId.lock("tab\there"))).isEqualTo("b'_tooz'_b'tab\\there'_lock");
        assertThat(legacy.lock(LockId.lock("café"))).isEqualTo("b'_tooz'_b'caf\\xc3\\xa9'_lock");
        assertThat(legacy.lock(LockId.leader("g1"))).isEqualTo("b'_tooz'_b'leader_of_g1'_lock");
    }

    @Test
    void theOtherFormatsKeyIsTheOtherGenerationsKeyOfTheSameLock() {
        assertThat(modern.otherFormatLock(LockId.lock("name"))).isEqualTo(legacy.lock(LockId.lock("name")));
        assertThat(legacy.otherFormatLock(LockId.leader("g1"))).isEqualTo(modern.lock(LockId.leader("g1")));
        assertThat(modern.legacyLocks()).isFalse();
        assertThat(legacy.legacyLocks()).isTrue();
    }

    @Test
    void holderIsReadFromJavaValuesAndPythonTokensShowAsTheyAre() {
        assertThat(RedisLocks.holderOf("tooz:0123abcd.7:member:with:colons")).isEqualTo("member:with:colons");
        assertThat(RedisLocks.holderOf("6f1c0e3a9b2d11efb0e4525400123456"))
                .isEqualTo("6f1c0e3a9b2d11efb0e4525400123456");
    }
}
