package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.GroupEvent.MemberJoined;
import io.tooz.GroupEvent.MemberLeft;
import io.tooz.WatchMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Member liveness by heartbeat: a member whose heartbeats stop disappears within about three TTLs and watchers get a
 * leave event; a member that heartbeats, automatically or by hand, stays.
 *
 * <p>Ports tooz {@code test_timeout} (§4.2) and {@code test_heartbeat}/{@code test_heartbeat_loop} (§4.1); tooz's
 * suite starts coordinators without a heart, which {@link #memberWithoutHeartbeatsExpires} covers. Only for drivers
 * with {@link io.tooz.Feature#HEARTBEAT_EXPIRY}.
 */
@Needs(features = {Feature.HEARTBEAT_EXPIRY, Feature.GROUP_WATCH})
public interface HeartbeatContract extends ContractSupport {

    @EachWatchMode
    default void memberWithPausedHeartbeatsExpiresAndWatchersSeeItLeave(WatchMode mode) {
        WatchedMember w = WatchedMember.start(this, mode);
        Coordinator c1 = w.watcher();
        String g = w.group();

        Faults.pauseHeartbeats(w.member());
        deliverUntil(c1, mode, expiryTimeout(), () -> !c1.getMembers(g)
                .get()
                .contains(w.member().memberId()));
        deliverUntil(c1, mode, () -> !w.leaves().isEmpty());
        assertThat(w.leaves().events()).containsExactly(w.memberLeft());
        assertThat(c1.getMembers(g).get()).as("the heartbeating member stays").containsExactly(c1.memberId());
    }

    @Test
    default void memberWithAutomaticHeartbeatsStaysPastTwoTtls() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        String g = joinedGroup(c1, c2);
        EventRecorder<MemberLeft> leaves = recordLeaves(c1, g);
        assertStaysTrue(
                c1,
                WatchMode.AUTO,
                ttl().multipliedBy(5).dividedBy(2),
                () -> c1.getMembers(g).get().contains(c2.memberId()) && leaves.isEmpty());
    }

    @Test
    default void memberWithManualHeartbeatsStaysPastTwoTtls() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator(b -> b.autoHeartbeat(false));
        String g = joinedGroup(c1, c2);
        Duration beatEvery = ttl().dividedBy(4);
        long[] lastBeat = {System.nanoTime()};
        assertStaysTrue(c1, WatchMode.AUTO, ttl().multipliedBy(5).dividedBy(2), () -> {
            if (System.nanoTime() - lastBeat[0] >= beatEvery.toNanos()) {
                assertThat(c2.heartbeat()).isPositive();
                lastBeat[0] = System.nanoTime();
            }
            return c1.getMembers(g).get().contains(c2.memberId());
        });
    }

    @Test
    default void memberWithoutHeartbeatsExpires() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator(b -> b.autoHeartbeat(false));
        String g = joinedGroup(c1, c2);
        await(expiryTimeout()).until(() -> !c1.getMembers(g).get().contains(c2.memberId()));
        assertThat(c1.getMembers(g).get()).containsExactly(c1.memberId());
    }

    @Test
    default void resumedHeartbeatsKeepANewMembership() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        String g = joinedGroup(c1);
        Faults.pauseHeartbeats(c2);
        Faults.resumeHeartbeats(c2);
        c2.joinGroup(g).get();
        assertStaysTrue(c1, WatchMode.AUTO, ttl().multipliedBy(5).dividedBy(2), () -> c1.getMembers(g)
                .get()
                .contains(c2.memberId()));
    }

    /**
     * A member whose heartbeats stopped past its TTL, and then resume, is a member of every group it had joined again,
     * with its latest capabilities (the core re-joins for every driver), and watchers see it leave and join again.
     */
    @Test
    default void aMemberWhoseHeartbeatsResumeAfterItExpiredJoinsItsGroupsAgain() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        String g1 = joinedGroup(c1);
        String g2 = randomGroupId();
        c2.joinGroup(g1, Capabilities.of(Map.of("v", 1))).get();
        c2.updateCapabilities(g1, Capabilities.of(Map.of("v", 2))).get();
        c2.joinGroupCreate(g2, Capabilities.of(Map.of("w", 1)));
        EventRecorder<MemberJoined> joins = recordJoins(c1, g1);

        Faults.pauseHeartbeats(c2);
        deliverUntil(
                c1,
                WatchMode.AUTO,
                expiryTimeout(),
                () -> !c1.getMembers(g1).get().contains(c2.memberId())
                        && !c1.getMembers(g2).get().contains(c2.memberId()));
        Faults.resumeHeartbeats(c2);
        deliverUntil(
                c1,
                WatchMode.AUTO,
                expiryTimeout(),
                () -> c1.getMembers(g1).get().contains(c2.memberId())
                        && c1.getMembers(g2).get().contains(c2.memberId()));
        assertThat(c1.getMemberCapabilities(g1, c2.memberId()).get().asMap()).containsEntry("v", 2L);
        assertThat(c1.getMemberCapabilities(g2, c2.memberId()).get().asMap()).containsEntry("w", 1L);
        deliverUntil(c1, WatchMode.AUTO, () -> joins.events().contains(new MemberJoined(g1, c2.memberId())));
        c2.leaveGroup(g1).get();
        assertThat(c1.getMembers(g1).get()).as("it left for good").containsExactly(c1.memberId());
    }
}
