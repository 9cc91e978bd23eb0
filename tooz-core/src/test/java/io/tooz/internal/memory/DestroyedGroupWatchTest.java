package io.tooz.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.WatchMode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Port of tooz's test_watch_join_group_disappear: a destroyed group makes every watched member leave. The group is
 * destroyed in the backend directly, as tooz's {@code _destroy_group} test helper does.
 */
class DestroyedGroupWatchTest {
    @ParameterizedTest
    @EnumSource(WatchMode.class)
    void destroyingAWatchedGroupReportsEveryMemberLeft(WatchMode mode) {
        String name = "destroy-" + UUID.randomUUID();
        String url = "memory://" + name;
        try (Coordinator watcher =
                        Coordinator.builder(url).memberId("w").watchMode(mode).build();
                Coordinator other = Coordinator.builder(url).memberId("o").build()) {
            watcher.start();
            other.start();
            watcher.joinGroupCreate("g");
            other.joinGroup("g").get();
            List<GroupEvent> left = new CopyOnWriteArrayList<>();
            watcher.watchLeaveGroup("g", left::add);

            destroyGroup(name, "g");

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

    /** Deletes a group and all its members at once, bypassing deleteGroup's checks, and tells its watchers. */
    private static void destroyGroup(String backend, String group) {
        MemoryBackend b = MemoryBackend.named(backend);
        b.enter();
        try {
            if (b.groups.remove(group) != null) {
                b.notifyMembers(group);
            }
        } finally {
            b.exit();
        }
    }
}
