package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.GroupEvent.LeaderChanged;
import io.tooz.GroupEvent.LeaderElected;
import io.tooz.GroupNotCreatedException;
import io.tooz.WatchCallbackNotFoundException;
import io.tooz.WatchMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Coordinator#watchLeader}: a coordinator that does not run for leadership hears the leader as it is when the
 * watch starts, then every change (a stand-down hands over to the other candidate, possibly through "none"), "none"
 * when the last candidate withdraws, never the same leader twice in a row, and nothing after unwatching. Java
 * additions with no tooz test (jetcd's election observe is the model).
 */
@Needs(features = Feature.LEADER_ELECTION)
public interface LeaderWatchContract extends ContractSupport {

    /** A coordinator running for the leadership of {@code group} (which it joins), recording its elections. */
    private Coordinator runFor(String group, EventRecorder<LeaderElected> elected) {
        Coordinator c = newCoordinator();
        c.joinGroupCreate(group);
        c.watchElectedAsLeader(group, elected);
        return c;
    }

    /** The leaders heard, {@code ""} for none. */
    private static List<String> leaders(EventRecorder<LeaderChanged> heard) {
        List<String> out = new ArrayList<>();
        heard.events().forEach(e -> out.add(e.memberId()));
        return out;
    }

    @EachWatchMode
    default void anObserverHearsEveryLeaderAndNoneAtTheEnd(WatchMode mode) {
        Coordinator observer = newCoordinator(mode);
        String g = newGroup(observer);
        EventRecorder<LeaderChanged> heard = new EventRecorder<>("leaders");
        observer.watchLeader(g, heard);
        deliverUntil(observer, mode, () -> heard.size() == 1);
        assertThat(heard.events()).containsExactly(new LeaderChanged(g, Optional.empty()));

        EventRecorder<LeaderElected> electedA = new EventRecorder<>("a");
        Coordinator a = runFor(g, electedA);
        await().until(() -> !electedA.isEmpty());
        deliverUntil(observer, mode, () -> leaders(heard).contains(a.memberId()));
        EventRecorder<LeaderElected> electedB = new EventRecorder<>("b");
        Coordinator b = runFor(g, electedB);

        assertThat(a.standDownGroupLeader(g)).isTrue();
        await().until(() -> !electedB.isEmpty());
        deliverUntil(observer, mode, () -> leaders(heard).contains(b.memberId()));
        a.stop(); // out of the running for good (a withdrawn candidate's thread ends in the background)
        b.unwatchElectedAsLeader(g, electedB);
        deliverUntil(
                observer,
                mode,
                () -> leaders(heard).size() >= 4
                        && leaders(heard).get(leaders(heard).size() - 1).isEmpty());
        assertStaysTrue(observer, mode, () -> leaders(heard)
                .get(leaders(heard).size() - 1)
                .isEmpty());

        assertThat(leaders(heard))
                .as("none, A, (none,) B, none")
                .isIn(List.of("", a.memberId(), b.memberId(), ""), List.of("", a.memberId(), "", b.memberId(), ""));
    }

    @Test
    default void aWatchStartsWithTheCurrentLeaderAndEachCallbackHearsItOnce() {
        String g = randomGroupId();
        EventRecorder<LeaderElected> elected = new EventRecorder<>("elected");
        Coordinator leader = runFor(g, elected);
        await().until(() -> !elected.isEmpty());
        Coordinator observer = newCoordinator();
        EventRecorder<LeaderChanged> first = new EventRecorder<>("first");
        observer.watchLeader(g, first);
        await().until(() -> !first.isEmpty());
        EventRecorder<LeaderChanged> second = new EventRecorder<>("second");
        observer.watchLeader(g, second);
        await().until(() -> !second.isEmpty());
        assertStaysTrue(() -> first.size() == 1 && second.size() == 1);
        LeaderChanged now = new LeaderChanged(g, Optional.of(leader.memberId()));
        assertThat(first.events()).containsExactly(now);
        assertThat(second.events()).containsExactly(now);
    }

    @Test
    default void unwatchingOrStoppingEndsTheEventsAndAnUnknownCallbackFails() {
        Coordinator observer = newCoordinator();
        Coordinator stopped = newCoordinator();
        String g = newGroup(observer);
        EventRecorder<LeaderChanged> heard = new EventRecorder<>("leaders");
        EventRecorder<LeaderChanged> heardByStopped = new EventRecorder<>("stopped");
        observer.watchLeader(g, heard);
        stopped.watchLeader(g, heardByStopped);
        await().until(() -> heard.size() == 1 && heardByStopped.size() == 1);
        observer.unwatchLeader(g, heard);
        stopped.stop();
        assertThatThrownBy(() -> observer.unwatchLeader(g, heard))
                .isInstanceOf(WatchCallbackNotFoundException.class)
                .hasMessageContaining(g);

        EventRecorder<LeaderElected> elected = new EventRecorder<>("elected");
        runFor(g, elected);
        await().until(() -> !elected.isEmpty());
        assertStaysTrue(() -> heard.size() == 1 && heardByStopped.size() == 1);
    }

    @Test
    default void watchingAGroupThatDoesNotExistFailsAndRegistersNothing() {
        Coordinator observer = newCoordinator();
        String g = randomGroupId();
        EventRecorder<LeaderChanged> heard = new EventRecorder<>("leaders");
        assertThatThrownBy(() -> observer.watchLeader(g, heard)).isInstanceOf(GroupNotCreatedException.class);
        assertThatThrownBy(() -> observer.unwatchLeader(g, heard)).isInstanceOf(WatchCallbackNotFoundException.class);
    }
}
