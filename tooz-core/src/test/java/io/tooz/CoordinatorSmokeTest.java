package io.tooz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Core wiring on memory://; the full contract suite lives in tooz-tck. */
class CoordinatorSmokeTest {
    private final String url = "memory://smoke-" + UUID.randomUUID();

    @Test
    void groupsLocksAndLeaders() {
        try (Coordinator a = Coordinator.builder(url).memberId("a").build();
                Coordinator b = Coordinator.builder(url).memberId("b").build()) {
            a.start();
            b.start();
            a.joinGroupCreate("g", Capabilities.of(Map.of("weight", 2)));
            b.joinGroup("g").get();
            assertThat(a.getMembers("g").get()).containsExactlyInAnyOrder("a", "b");
            assertThat(b.getMemberCapabilities("g", "a").get().getLong("weight"))
                    .contains(2L);

            LockLease lease = a.getLock("l").acquire(Duration.ofSeconds(1));
            assertThat(b.getLock("l").tryAcquire()).isEmpty();
            lease.release();
            try (LockLease second = b.getLock("l").acquire(Duration.ofSeconds(1))) {
                assertThat(second.fencingToken()).isGreaterThan(lease.fencingToken());
            }

            a.watchElectedAsLeader("g", e -> {});
            assertThat(a.runWatchers(Duration.ofSeconds(5))).containsExactly(new GroupEvent.LeaderElected("g", "a"));
            assertThat(b.getLeader("g").get()).contains("a");
        }
    }

    @Test
    void stopCompletesEveryQueuedOperation() {
        Coordinator c = Coordinator.builder(url).memberId("busy").build();
        c.start();
        c.createGroup("g").get();
        java.util.List<CoordFuture<?>> queued = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            queued.add(c.getMembers("g"));
        }
        c.stop();
        assertThat(queued).allMatch(CoordFuture::isDone);
        assertThatThrownBy(() -> c.getGroups().get())
                .isInstanceOf(ToozException.class)
                .hasMessageContaining("not started");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> Coordinator.builder("nosuch://x").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("nosuch")
                .hasMessageContaining("memory");
        assertThatThrownBy(() -> Coordinator.builder(url + "?timeout=abc").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("timeout")
                .hasMessageContaining("abc");
        assertThatThrownBy(() -> Coordinator.builder(url + "?colour=red").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("colour")
                .hasMessageContaining("timeout");
        // nor the port: parse errors quote nothing of the URL but its scheme
        assertThatThrownBy(() -> Coordinator.builder("redis://u:s3cret@h:99999").build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("port that is not a number from 1 to 65535")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> Coordinator.builder(url).memberId("").build())
                .isInstanceOf(InvalidNameException.class);
    }
}
