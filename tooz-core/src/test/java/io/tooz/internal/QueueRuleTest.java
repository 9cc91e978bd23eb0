package io.tooz.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.QueueEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueRuleTest {
    private static List<QueueEntry> queue(String... tags) {
        List<QueueEntry> q = new ArrayList<>();
        for (int i = 0; i < tags.length; i++) {
            q.add(new QueueEntry(10 + i, "m" + i, tags[i], "h" + i));
        }
        return q;
    }

    @Test
    void readersHoldUntilAWriterIsAheadAndWatchOnlyThatWriter() {
        QueueRule read = new QueueRule.Read();
        List<QueueEntry> q = queue("read", "read", "write", "read", "write", "read");
        assertThat(read.holds(q, 0)).isTrue();
        assertThat(read.holds(q, 1)).isTrue();
        assertThat(read.holds(q, 3)).isFalse();
        assertThat(read.toWatch(q, 3)).containsExactly(q.get(2));
        assertThat(read.toWatch(q, 5)).containsExactly(q.get(4));
    }

    @Test
    void aWriterHoldsOnlyFirstAndWatchesItsPredecessor() {
        QueueRule write = new QueueRule.Write();
        List<QueueEntry> q = queue("write", "read", "write");
        assertThat(write.holds(q, 0)).isTrue();
        assertThat(write.holds(q, 2)).isFalse();
        assertThat(write.toWatch(q, 2)).containsExactly(q.get(1));
    }

    @Test
    void aPermitWatchesTheLastPermitsEntriesAheadOfIt() {
        QueueRule permit = new QueueRule.Permit(2);
        List<QueueEntry> q = queue("permits:2", "permits:2", "permits:2", "permits:2");
        assertThat(permit.holds(q, 1)).isTrue();
        assertThat(permit.holds(q, 2)).isFalse();
        assertThat(permit.toWatch(q, 2)).containsExactly(q.get(0), q.get(1));
        assertThat(permit.toWatch(q, 3)).containsExactly(q.get(1), q.get(2));
    }

    @Test
    void aPermitCountOtherThanTheQueuesIsRefusedNamingBoth() {
        QueueRule permit = new QueueRule.Permit(3);
        assertThatThrownBy(() -> permit.check("pool", queue("permits:3", "permits:5")))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("pool")
                .hasMessageContaining("m1")
                .hasMessageContaining("5 permits")
                .hasMessageContaining("asked for 3");
    }
}
