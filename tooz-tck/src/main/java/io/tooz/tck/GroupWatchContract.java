package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.GroupEvent;
import io.tooz.GroupEvent.MemberJoined;
import io.tooz.GroupEvent.MemberLeft;
import io.tooz.GroupNotCreatedException;
import io.tooz.WatchCallbackNotFoundException;
import io.tooz.WatchMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Join and leave watchers in both watch modes: {@link WatchMode#AUTO} (callbacks arrive by themselves) and {@link
 * WatchMode#MANUAL} (callbacks run only inside {@code runWatchers}, as in Python tooz).
 *
 * <p>Ports tooz §4.4: {@code test_watch_group_join}, {@code test_watch_leave_group}, {@code
 * test_watch_join_group_non_existent}, {@code test_watch_leave_group_non_existent}, {@code
 * test_unwatch_join_group_callback_not_found}, {@code test_unwatch_leave_group}, {@code
 * test_unwatch_leave_group_callback_not_found}; adds: a stopped member yields a leave event, a throwing callback does
 * not stop others. Expiry-driven leave events are in {@link HeartbeatContract}.
 *
 * <p>"Exactly one event" is checked with a later event as a fence: callbacks of one coordinator run in event order,
 * so once the fence event has arrived, a duplicate of an earlier one would have too. Changes are observed as diffs of
 * member sets where the driver polls (and always in MANUAL mode, as in tooz), so a member that leaves and rejoins
 * between two observations may produce no event, and several changes in one diff arrive in any order: the tests wait
 * for each change to be observed before making the next one about the same member.
 */
@Needs(features = Feature.GROUP_WATCH)
public interface GroupWatchContract extends ContractSupport {

    @EachWatchMode
    default void joinWatcherSeesEachJoinOnceAndNothingAfterUnwatch(WatchMode mode) {
        Coordinator c1 = newCoordinator(mode);
        Coordinator c2 = newCoordinator();
        Coordinator c3 = newCoordinator();
        String g = newGroup(c1);
        EventRecorder<MemberJoined> joins = new EventRecorder<>("joins");
        EventRecorder<MemberJoined> fence = new EventRecorder<>("fence");
        c1.watchJoinGroup(g, joins);
        c1.watchJoinGroup(g, fence);

        c2.joinGroup(g).get();
        assertThat(c1.getMembers(g).get()).containsExactly(c2.memberId());
        if (mode == WatchMode.MANUAL) {
            assertStaysTrue(() -> joins.isEmpty());
        }
        List<GroupEvent> ran = deliverUntil(c1, mode, () -> !joins.isEmpty());
        assertThat(joins.events().get(0)).isEqualTo(new MemberJoined(g, c2.memberId()));
        if (mode == WatchMode.MANUAL) {
            assertThat(ran).as("runWatchers reports the events it ran").contains(new MemberJoined(g, c2.memberId()));
        }

        c3.joinGroup(g).get();
        deliverUntil(c1, mode, () -> joins.contains(new MemberJoined(g, c3.memberId())));
        assertThat(joins.events())
                .containsExactly(new MemberJoined(g, c2.memberId()), new MemberJoined(g, c3.memberId()));

        c1.unwatchJoinGroup(g, joins);
        Coordinator c4 = newCoordinator();
        c4.joinGroup(g).get();
        deliverUntil(c1, mode, () -> fence.contains(new MemberJoined(g, c4.memberId())));
        assertThat(joins.size()).as("events after unwatch").isEqualTo(2);
        assertThat(fence.size()).isEqualTo(3);
    }

    @EachWatchMode
    default void leaveWatcherSeesEachLeaveOnceAndNothingAfterUnwatch(WatchMode mode) {
        Coordinator c1 = newCoordinator(mode);
        Coordinator c2 = newCoordinator();
        Coordinator c3 = newCoordinator();
        String g = newGroup(c1);
        EventRecorder<MemberJoined> joins = new EventRecorder<>("joins");
        EventRecorder<MemberLeft> leaves = new EventRecorder<>("leaves");
        EventRecorder<MemberLeft> fence = new EventRecorder<>("fence");
        c1.watchJoinGroup(g, joins);
        c1.watchLeaveGroup(g, leaves);
        c1.watchLeaveGroup(g, fence);

        c2.joinGroup(g).get();
        deliverUntil(c1, mode, () -> !joins.isEmpty());
        assertThat(leaves.isEmpty()).isTrue();
        c2.leaveGroup(g).get();
        if (mode == WatchMode.MANUAL) {
            assertStaysTrue(() -> leaves.isEmpty());
        }
        deliverUntil(c1, mode, () -> !leaves.isEmpty());
        c3.joinGroup(g).get();
        deliverUntil(c1, mode, () -> joins.contains(new MemberJoined(g, c3.memberId())));
        c3.leaveGroup(g).get();
        deliverUntil(c1, mode, () -> leaves.contains(new MemberLeft(g, c3.memberId())));
        assertThat(leaves.events()).containsExactly(new MemberLeft(g, c2.memberId()), new MemberLeft(g, c3.memberId()));

        c1.unwatchLeaveGroup(g, leaves);
        Coordinator c4 = newCoordinator();
        c4.joinGroup(g).get();
        deliverUntil(c1, mode, () -> joins.contains(new MemberJoined(g, c4.memberId())));
        c4.leaveGroup(g).get();
        deliverUntil(c1, mode, () -> fence.contains(new MemberLeft(g, c4.memberId())));
        assertThat(leaves.size()).as("events after unwatch").isEqualTo(2);
        assertThat(fence.size()).isEqualTo(3);
        assertThatThrownBy(() -> c1.unwatchLeaveGroup(g, leaves)).isInstanceOf(WatchCallbackNotFoundException.class);
    }

    @EachWatchMode
    default void stoppedMemberYieldsLeaveEvent(WatchMode mode) {
        WatchedMember w = WatchedMember.start(this, mode);
        w.member().stop();
        deliverUntil(w.watcher(), mode, () -> !w.leaves().isEmpty());
        assertThat(w.leaves().events()).containsExactly(w.memberLeft());
        assertThat(w.watcher().getMembers(w.group()).get())
                .containsExactly(w.watcher().memberId());
    }

    @Test
    default void watchingNonExistentGroupFailsAndRegistersNothing() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        EventRecorder<MemberJoined> joins = new EventRecorder<>();
        EventRecorder<MemberLeft> leaves = new EventRecorder<>();
        assertThatThrownBy(() -> c.watchJoinGroup(g, joins))
                .isInstanceOf(GroupNotCreatedException.class)
                .hasMessageContaining(g);
        assertThatThrownBy(() -> c.watchLeaveGroup(g, leaves)).isInstanceOf(GroupNotCreatedException.class);
        assertThatThrownBy(() -> c.unwatchJoinGroup(g, joins)).isInstanceOf(WatchCallbackNotFoundException.class);
        assertThatThrownBy(() -> c.unwatchLeaveGroup(g, leaves)).isInstanceOf(WatchCallbackNotFoundException.class);
        c.createGroup(g).get();
        assertThatThrownBy(() -> c.unwatchJoinGroup(g, joins)).isInstanceOf(WatchCallbackNotFoundException.class);
    }

    @Test
    default void unwatchingUnknownCallbackFails() {
        Coordinator c = newCoordinator();
        String g = newGroup(c);
        EventRecorder<MemberJoined> joins = new EventRecorder<>();
        EventRecorder<MemberLeft> leaves = new EventRecorder<>();
        c.watchJoinGroup(g, new EventRecorder<>());
        c.watchLeaveGroup(g, new EventRecorder<>());
        assertThatThrownBy(() -> c.unwatchJoinGroup(g, joins))
                .isInstanceOf(WatchCallbackNotFoundException.class)
                .hasMessageContaining(g);
        assertThatThrownBy(() -> c.unwatchLeaveGroup(g, leaves)).isInstanceOf(WatchCallbackNotFoundException.class);
        assertThatThrownBy(() -> c.unwatchJoinGroup(randomGroupId(), joins))
                .isInstanceOf(WatchCallbackNotFoundException.class);
        c.watchJoinGroup(g, joins);
        c.unwatchJoinGroup(g, joins);
        assertThatThrownBy(() -> c.unwatchJoinGroup(g, joins))
                .as("unwatch twice")
                .isInstanceOf(WatchCallbackNotFoundException.class);
    }

    @EachWatchMode
    default void throwingCallbackDoesNotStopOthers(WatchMode mode) {
        Coordinator c1 = newCoordinator(mode);
        Coordinator c2 = newCoordinator();
        Coordinator c3 = newCoordinator();
        String g = newGroup(c1);
        AtomicInteger thrown = new AtomicInteger();
        c1.watchJoinGroup(g, e -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("callback failure injected by the TCK; ignore");
        });
        EventRecorder<MemberJoined> joins = recordJoins(c1, g);
        c2.joinGroup(g).get();
        c3.joinGroup(g).get();
        deliverUntil(c1, mode, () -> joins.size() >= 2);
        assertThat(joins.events())
                .as("one diff may report both joins, in any order")
                .containsExactlyInAnyOrder(new MemberJoined(g, c2.memberId()), new MemberJoined(g, c3.memberId()));
        assertThat(thrown).hasValue(2);
    }

    @EachWatchMode
    default void runWatchersWithNothingPendingReturnsEmpty(WatchMode mode) {
        Coordinator c = newCoordinator(mode);
        String g = joinedGroup(c);
        EventRecorder<MemberJoined> joins = new EventRecorder<>();
        c.watchJoinGroup(g, joins);
        assertThat(c.runWatchers()).isEmpty();
        assertThat(c.runWatchers(Duration.ofMillis(200))).isEmpty();
        assertThat(joins.isEmpty()).as("own earlier join is not replayed").isTrue();
    }
}
