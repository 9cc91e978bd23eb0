package io.tooz.driver.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tooz.SerializationException;
import io.tooz.driver.memcached.MemcachedQueueIndex.Line;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The queue index's text and the guard's view of it, without a server. */
class MemcachedQueueIndexTest {

    @Test
    void entriesAreNumberedOnFromTheLastAndTheTextReadsBackAsWritten() {
        MemcachedQueueIndex index = MemcachedQueueIndex.startingAt(1000)
                .append("u1", "write", "alice")
                .append("u2", "read", "bob")
                .without(Set.of(1000L))
                .append("u3", "read", "alice");
        assertThat(index.lines()).extracting(Line::sequence).containsExactly(1001L, 1002L);
        assertThat(new String(index.encode(), StandardCharsets.UTF_8))
                .isEqualTo("q1 1002 0\n1001 u2 read bob\n1002 u3 read alice");
        assertThat(MemcachedQueueIndex.parse(index.encode(), "k")).isEqualTo(index);
        assertThat(MemcachedQueueIndex.parse(MemcachedQueueIndex.startingAt(7).encode(), "k")
                        .last())
                .isEqualTo(6);
    }

    @Test
    void aBreakKeepsTheNumberingAndTheGuardAndMarksEveryNumberSoFar() {
        MemcachedQueueIndex broken = MemcachedQueueIndex.startingAt(10)
                .append("g", MemcachedQueueGuard.GUARD_TAG, "-")
                .append("u", "write", "alice")
                .brokenExcept(MemcachedQueueGuard.GUARD_TAG);
        assertThat(broken.lines()).extracting(Line::uid).containsExactly("g");
        assertThat(broken.broken()).isEqualTo(11);
        assertThat(broken.append("v", "read", "bob").lines().get(1).sequence()).isEqualTo(12);
    }

    @Test
    void anItemThatIsNoIndexIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> MemcachedQueueIndex.parse("hello".getBytes(StandardCharsets.UTF_8), "__TOOZ_RW_x"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("__TOOZ_RW_x")
                .hasMessageContaining("q1 <last> <broken>");
    }

    @Test
    void aGuardHoldsEveryPermitAheadOfTheRealEntries() {
        List<Line> live =
                List.of(new Line(5, "g", MemcachedQueueGuard.GUARD_TAG, "-"), new Line(6, "u", "permits:3", "alice"));
        assertThat(MemcachedQueueGuard.listed(LockId.semaphore("s"), live))
                .extracting(QueueEntry::sequence, QueueEntry::holder, QueueEntry::tag)
                .containsExactly(
                        tuple(3L, MemcachedQueueGuard.GUARD_HOLDER, "permits:3"),
                        tuple(4L, MemcachedQueueGuard.GUARD_HOLDER, "permits:3"),
                        tuple(5L, MemcachedQueueGuard.GUARD_HOLDER, "permits:3"),
                        tuple(6L, "alice", "permits:3"));
        List<Line> rw = List.of(new Line(5, "g", MemcachedQueueGuard.GUARD_TAG, "-"), new Line(6, "u", "read", "bob"));
        assertThat(MemcachedQueueGuard.listed(LockId.readWrite("r"), rw))
                .extracting(QueueEntry::tag)
                .containsExactly("write", "read");
        List<Line> huge =
                List.of(new Line(5, "g", MemcachedQueueGuard.GUARD_TAG, "-"), new Line(6, "u", "permits:2000000", "a"));
        assertThat(MemcachedQueueGuard.listed(LockId.semaphore("s"), huge))
                .hasSize(MemcachedQueueGuard.MAX_GUARD_PERMITS + 1);
        assertThat(MemcachedQueueGuard.listed(LockId.semaphore("s"), live.subList(0, 1)))
                .isEmpty();
    }
}
