package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.GroupEvent.LeaderElected;
import io.tooz.GroupEvent.LeadershipLost;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.WatchCallbackNotFoundException;
import io.tooz.WatchMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Leader election: one leader per group, hand-over on stop, stand-down and session loss, leadership-lost signals.
 *
 * <p>Ports tooz §4.5: {@code test_run_for_election}, {@code test_run_for_election_multiple_clients}, {@code
 * test_get_leader}, {@code test_run_for_election_multiple_clients_stand_down}, {@code test_unwatch_elected_as_leader},
 * {@code test_unwatch_elected_as_leader_callback_not_found}; adds {@code watchLeadershipLost} on stand-down and on
 * session expiry, and a failover sequence among three candidates that must never show two leaders. One rule for
 * groups that do not exist, on every backend (Python tooz returns {@code None} from {@code get_leader} and runs for
 * leadership of any group): {@code getLeader} and {@code watchElectedAsLeader} fail with {@code
 * GroupNotCreatedException}; and a group whose leadership someone runs for is not deleted (Python's ZooKeeper driver
 * refuses, its Redis and memcached drivers delete it). Expiry tests
 * assume {@link io.tooz.Feature#HEARTBEAT_EXPIRY} or a driver that can expire sessions.
 */
@Needs(features = Feature.LEADER_ELECTION)
public interface LeaderElectionContract extends ContractSupport {

    /** A started coordinator that joined {@code group} (creating it) and runs for its leadership. */
    default Coordinator candidate(String group, WatchMode mode, EventRecorder<LeaderElected> elected) {
        Coordinator c = newCoordinator(mode);
        c.joinGroupCreate(group);
        c.watchElectedAsLeader(group, elected);
        return c;
    }

    /** A {@link #candidate} that runs first for {@code group}, once its election has been delivered. */
    private Coordinator electedCandidate(String group, WatchMode mode, EventRecorder<LeaderElected> elected) {
        Coordinator c = candidate(group, mode, elected);
        deliverUntil(c, mode, () -> !elected.isEmpty());
        return c;
    }

    /** In a new group, an {@link #electedCandidate} ("elected1") and a {@link #candidate} after it ("elected2"). */
    private Candidates candidates(WatchMode mode) {
        String g = randomGroupId();
        EventRecorder<LeaderElected> e1 = new EventRecorder<>("elected1");
        EventRecorder<LeaderElected> e2 = new EventRecorder<>("elected2");
        Coordinator c1 = electedCandidate(g, mode, e1);
        return new Candidates(g, c1, e1, candidate(g, mode, e2), e2);
    }

    @EachWatchMode
    default void singleCandidateIsElectedOnce(WatchMode mode) {
        String g = randomGroupId();
        EventRecorder<LeaderElected> elected = new EventRecorder<>("elected");
        Coordinator c = electedCandidate(g, mode, elected);
        assertStaysTrue(c, mode, () -> elected.size() == 1);
        assertThat(elected.events()).containsExactly(new LeaderElected(g, c.memberId()));
        assertThat(c.getLeader(g).get()).contains(c.memberId());
    }

    @EachWatchMode
    default void firstCandidateWinsAndSecondTakesOverWhenFirstStops(WatchMode mode) {
        Candidates t = candidates(mode);
        assertStaysTrue(t.second(), mode, () -> t.secondElected().isEmpty());
        assertThat(t.second().getLeader(t.group()).get()).contains(t.first().memberId());
        assertThat(t.first().getLeader(t.group()).get()).contains(t.first().memberId());

        t.first().stop();
        deliverUntil(t.second(), mode, () -> !t.secondElected().isEmpty());
        assertThat(t.secondElected().events())
                .containsExactly(new LeaderElected(t.group(), t.second().memberId()));
        assertThat(t.second().getLeader(t.group()).get()).contains(t.second().memberId());
        assertThat(newCoordinator().getLeader(t.group()).get())
                .contains(t.second().memberId());
    }

    @Test
    default void noLeaderBeforeAnyoneRuns() {
        Coordinator c = newCoordinator();
        String g = newGroup(c);
        assertThat(c.getLeader(g).get()).isEmpty();
        c.joinGroup(g).get();
        assertThat(c.getLeader(g).get()).as("joining is not running").isEmpty();
        EventRecorder<LeaderElected> elected = new EventRecorder<>("elected");
        c.watchElectedAsLeader(g, elected);
        await().until(() -> !elected.isEmpty());
        assertThat(c.getLeader(g).get()).contains(c.memberId());
    }

    @Test
    default void getLeaderOfAGroupThatDoesNotExistFailsAsGetMembersDoes() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        assertThatThrownBy(() -> c.getMembers(g).get()).isInstanceOf(GroupNotCreatedException.class);
        assertThatThrownBy(() -> c.getLeader(g).get())
                .isInstanceOf(GroupNotCreatedException.class)
                .hasMessageContaining(g);
        c.createGroup(g).get();
        assertThat(c.getLeader(g).get()).isEmpty();
        c.deleteGroup(g).get();
        assertThatThrownBy(() -> c.getLeader(g).get()).isInstanceOf(GroupNotCreatedException.class);
        assertThat(c.getGroups().get()).as("getLeader creates nothing").doesNotContain(g);
    }

    @Test
    default void runningForLeadershipOfAGroupThatDoesNotExistFails() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        EventRecorder<LeaderElected> elected = new EventRecorder<>("elected");
        assertThatThrownBy(() -> c.watchElectedAsLeader(g, elected))
                .isInstanceOf(GroupNotCreatedException.class)
                .hasMessageContaining(g);
        assertThatThrownBy(() -> c.unwatchElectedAsLeader(g, elected))
                .as("nothing was registered")
                .isInstanceOf(WatchCallbackNotFoundException.class);
        assertThat(c.getGroups().get()).doesNotContain(g);
    }

    @Test
    default void aRestartedCandidateContendsOnlyOnceItsGroupExists() {
        String g = randomGroupId();
        EventRecorder<LeaderElected> elected = new EventRecorder<>("elected");
        Coordinator c = newCoordinator();
        c.createGroup(g).get();
        c.watchElectedAsLeader(g, elected);
        await().until(() -> elected.size() == 1);
        c.stop();
        Coordinator other = newCoordinator();
        await().untilAsserted(() -> other.deleteGroup(g).get());
        c.start(); // its elected callback makes it a candidate again, of a group that is gone
        assertStaysTrue(() -> elected.size() == 1 && !other.getGroups().get().contains(g));
        other.createGroup(g).get();
        await().until(() -> elected.size() == 2);
        assertThat(other.getLeader(g).get()).contains(c.memberId());
    }

    @Test
    default void aGroupIsNotDeletedWhileAMemberThatLeftStillRunsForItsLeadership() {
        String g = randomGroupId();
        EventRecorder<LeaderElected> elected = new EventRecorder<>("elected");
        Coordinator leader = candidate(g, WatchMode.AUTO, elected);
        await().until(() -> !elected.isEmpty());
        leader.leaveGroup(g).get();
        Coordinator other = newCoordinator();
        assertThat(other.getMembers(g).get()).isEmpty();
        for (Coordinator deleter : List.of(other, leader)) {
            assertThatThrownBy(() -> deleter.deleteGroup(g).get())
                    .isInstanceOf(GroupNotEmptyException.class)
                    .hasMessageContaining(g)
                    .hasMessageContaining(leader.memberId() + " leads it");
        }
        assertThat(other.getLeader(g).get()).contains(leader.memberId());

        leader.unwatchElectedAsLeader(g, elected);
        await().untilAsserted(() -> other.deleteGroup(g).get());
        assertThat(other.getGroups().get()).doesNotContain(g);
        assertThatThrownBy(() -> other.getLeader(g).get()).isInstanceOf(GroupNotCreatedException.class);
        other.createGroup(g).get();
        assertThat(other.getLeader(g).get()).as("no leader left from before").isEmpty();
    }

    @EachWatchMode
    default void standDownHandsLeadershipToTheOtherCandidateAndBack(WatchMode mode) {
        Candidates t = candidates(mode);
        String g = t.group();
        EventRecorder<LeaderElected> e1 = t.firstElected();
        EventRecorder<LeaderElected> e2 = t.secondElected();
        Coordinator c1 = t.first();
        Coordinator c2 = t.second();
        assertThat(c2.standDownGroupLeader(g)).as("c2 is not the leader").isFalse();

        assertThat(c1.standDownGroupLeader(g)).isTrue();
        deliverUntil(c2, mode, () -> !e2.isEmpty());
        assertThat(c1.getLeader(g).get()).contains(c2.memberId());

        assertThat(c2.standDownGroupLeader(g)).isTrue();
        deliverUntil(c1, mode, () -> e1.size() == 2);
        assertThat(c2.getLeader(g).get()).contains(c1.memberId());
        assertThat(e1.events()).containsOnly(new LeaderElected(g, c1.memberId()));
        assertThat(e2.events()).containsExactly(new LeaderElected(g, c2.memberId()));
    }

    @Test
    default void unwatchingElectedWithdrawsAndUnknownCallbackFails() {
        Candidates t = candidates(WatchMode.AUTO);
        Coordinator c1 = t.first();
        String g = t.group();
        assertThatThrownBy(() -> c1.unwatchElectedAsLeader(g, new EventRecorder<>()))
                .isInstanceOf(WatchCallbackNotFoundException.class)
                .hasMessageContaining(g);
        c1.unwatchElectedAsLeader(g, t.firstElected());
        await().until(() -> !t.secondElected().isEmpty());
        assertThat(c1.getLeader(g).get()).contains(t.second().memberId());
        assertThatThrownBy(() -> c1.unwatchElectedAsLeader(g, t.firstElected()))
                .isInstanceOf(WatchCallbackNotFoundException.class);
        assertThat(c1.standDownGroupLeader(g)).isFalse();
    }

    @Test
    default void leadershipLostFiresOnStandDown() {
        String g = randomGroupId();
        EventRecorder<LeaderElected> e1 = new EventRecorder<>("elected1");
        EventRecorder<LeadershipLost> lost1 = new EventRecorder<>("lost1");
        Coordinator c1 = candidate(g, WatchMode.AUTO, e1);
        c1.watchLeadershipLost(g, lost1);
        await().until(() -> !e1.isEmpty());
        assertThat(lost1.isEmpty()).isTrue();
        Coordinator c2 = candidate(g, WatchMode.AUTO, new EventRecorder<>());
        assertThat(c1.standDownGroupLeader(g)).isTrue();
        await().until(() -> !lost1.isEmpty());
        assertThat(lost1.events()).containsExactly(new LeadershipLost(g, c1.memberId()));
        await().until(() -> c2.getLeader(g).get().equals(Optional.of(c2.memberId())));
    }

    @Test
    default void eachLeadershipHasAHigherTermThanAnyBefore() {
        String g = randomGroupId();
        EventRecorder<LeaderElected> e1 = new EventRecorder<>("elected1");
        Coordinator c1 = candidate(g, WatchMode.AUTO, e1);
        await().until(() -> c1.leadershipTerm(g).isPresent());
        long first = c1.leadershipTerm(g).getAsLong();
        Coordinator c2 = candidate(g, WatchMode.AUTO, new EventRecorder<>("elected2"));
        assertThat(c2.leadershipTerm(g)).isEmpty();

        assertThat(c1.standDownGroupLeader(g)).isTrue();
        await().until(() -> c2.leadershipTerm(g).isPresent());
        long second = c2.leadershipTerm(g).getAsLong();
        assertThat(second).isGreaterThan(first);
        assertThat(c1.leadershipTerm(g)).isEmpty();

        assertThat(c2.standDownGroupLeader(g)).isTrue();
        await().until(() -> c1.leadershipTerm(g).isPresent());
        assertThat(c1.leadershipTerm(g).getAsLong()).isGreaterThan(second);
        assertThat(newCoordinator().leadershipTerm(g)).as("not a candidate").isEmpty();
    }

    @Test
    default void leadershipLostFiresOnSessionExpiryAndAnotherCandidateIsElected() {
        String g = randomGroupId();
        EventRecorder<LeaderElected> e1 = new EventRecorder<>("elected1");
        EventRecorder<LeaderElected> e2 = new EventRecorder<>("elected2");
        EventRecorder<LeadershipLost> lost1 = new EventRecorder<>("lost1");
        Coordinator c1 = candidate(g, WatchMode.AUTO, e1);
        c1.watchLeadershipLost(g, lost1);
        await().until(() -> !e1.isEmpty());
        Coordinator c2 = candidate(g, WatchMode.AUTO, e2);
        kill(c1);
        await(expiryTimeout()).until(() -> !lost1.isEmpty());
        assertThat(lost1.events()).first().isEqualTo(new LeadershipLost(g, c1.memberId()));
        await(expiryTimeout()).until(() -> !e2.isEmpty());
        assertThat(c2.getLeader(g).get()).contains(c2.memberId());
    }

    @Test
    default void exactlyOneLeaderAmongThreeCandidatesOverFailovers() {
        String g = randomGroupId();
        List<Coordinator> candidates = new ArrayList<>();
        List<EventRecorder<LeaderElected>> elected = new ArrayList<>();
        List<EventRecorder<LeadershipLost>> lost = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            addCandidate(g, candidates, elected, lost);
        }
        List<EventRecorder<LeaderElected>> everElected = new ArrayList<>(elected);
        String previous = null;
        int rounds = 6;
        for (int round = 0; round < rounds; round++) {
            String leader = awaitSettledLeader(g, candidates, elected, lost);
            assertThat(leader).as("round %d elects someone new", round).isNotEqualTo(previous);
            int index = indexOf(candidates, leader);
            if (round % 2 == 0) {
                assertThat(candidates.get(index).standDownGroupLeader(g)).isTrue();
            } else {
                candidates.get(index).stop();
                candidates.remove(index);
                elected.remove(index);
                lost.remove(index);
                addCandidate(g, candidates, elected, lost);
                everElected.add(elected.get(elected.size() - 1));
            }
            previous = leader;
        }
        assertThat(awaitSettledLeader(g, candidates, elected, lost)).isNotEqualTo(previous);
        assertStaysTrue(() -> everElected.stream().mapToInt(EventRecorder::size).sum() == rounds + 1);
    }

    private void addCandidate(
            String g,
            List<Coordinator> candidates,
            List<EventRecorder<LeaderElected>> elected,
            List<EventRecorder<LeadershipLost>> lost) {
        EventRecorder<LeaderElected> e = new EventRecorder<>("elected");
        EventRecorder<LeadershipLost> l = new EventRecorder<>("lost");
        Coordinator c = newCoordinator();
        c.joinGroupCreate(g);
        c.watchLeadershipLost(g, l);
        c.watchElectedAsLeader(g, e);
        candidates.add(c);
        elected.add(e);
        lost.add(l);
    }

    /** Waits until exactly one candidate believes it leads and every candidate's getLeader names it. */
    private String awaitSettledLeader(
            String g,
            List<Coordinator> candidates,
            List<EventRecorder<LeaderElected>> elected,
            List<EventRecorder<LeadershipLost>> lost) {
        String[] leader = new String[1];
        await().until(() -> {
            List<String> believers = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                if (elected.get(i).size() > lost.get(i).size()) {
                    believers.add(candidates.get(i).memberId());
                }
            }
            if (believers.size() != 1) {
                return false;
            }
            for (Coordinator c : candidates) {
                if (!c.getLeader(g).get().equals(Optional.of(believers.get(0)))) {
                    return false;
                }
            }
            leader[0] = believers.get(0);
            return true;
        });
        return leader[0];
    }

    private static int indexOf(List<Coordinator> candidates, String member) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).memberId().equals(member)) {
                return i;
            }
        }
        throw new AssertionError("leader " + member + " is not a candidate");
    }
}
