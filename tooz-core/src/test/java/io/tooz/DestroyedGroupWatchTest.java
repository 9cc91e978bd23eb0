package io.tooz;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.testing.Faults;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Port of tooz's test_watch_join_group_disappear: a destroyed group makes every watched member leave. */
class DestroyedGroupWatchTest {
    @ParameterizedTest
    @EnumSource(WatchMode.class)
    void destroyingAWatchedGroupReportsEveryMemberLeft(WatchMode mode) {
        String url = "memory://destroy-" + UUID.randomUUID();
        try (Coordinator watcher =
                        Coordinator.builder(url).memberId("w").watchMode(mode).build();
                Coordinator other = Coordinator.builder(url).memberId("o").build()) {
            watcher.start();
            other.start();
            watcher.joinGroupCreate("g");
            other.joinGroup("g").get();
            List<GroupEvent> left = new CopyOnWriteArrayList<>();
            watcher.watchLeaveGroup("g", left::add);

            Faults.destroyGroup(other, "g");

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (left.size() < 2 && System.nanoTime() < deadline) {
                watcher.runWatchers(Duration.ofMillis(100));
            }
            assertThat(left)
                    .containsExactlyInAnyOrder(
                            new GroupEvent.MemberLeft("g", "w"), new GroupEvent.MemberLeft("g", "o"));
            assertThat(watcher.getGroups().get()).doesNotContain("g");
        }
    }
}
