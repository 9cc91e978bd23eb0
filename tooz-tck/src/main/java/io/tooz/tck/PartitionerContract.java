package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.GroupEvent.MemberJoined;
import io.tooz.WatchMode;
import io.tooz.partition.Partitioner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The partitioner over a group: ring membership follows joins and leaves (through {@code runWatchers} in MANUAL mode,
 * by itself in AUTO mode), weights come from capabilities, closing stops following the group, and every member's
 * partitioner maps every object to the same owner.
 *
 * <p>Ports tooz {@code tests/test_partitioner.py} (§4.8): {@code test_join_partitioned_group}, {@code
 * test_hashring_size}, {@code test_hashring_weight}, {@code test_stop}, {@code test_members_of_object_and_others}.
 */
@Needs(features = Feature.PARTITIONER)
public interface PartitionerContract extends ContractSupport {

    @Test
    default void joinPartitionedGroupCreatesAndJoinsAFreshGroup() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        Partitioner p = c.joinPartitionedGroup(g);
        assertThat(p.groupId()).isEqualTo(g);
        assertThat(p.partitions()).isEqualTo(32);
        assertThat(c.getGroups().get()).contains(g);
        assertThat(c.getMembers(g).get()).containsExactly(c.memberId());
        assertThat(c.getMemberCapabilities(g, c.memberId()).get().getLong("weight"))
                .contains(1L);
        assertThat(p.members()).isEqualTo(Map.of(c.memberId(), 1));
        assertThat(p.belongsToSelf("anything")).isTrue();
    }

    @EachWatchMode
    default void ringFollowsJoinsAndLeaves(WatchMode mode) {
        String g = randomGroupId();
        Coordinator c1 = newCoordinator(mode);
        Partitioner p1 = c1.joinPartitionedGroup(g);
        assertThat(p1.members()).hasSize(1);
        Coordinator c2 = newCoordinator();
        Partitioner p2 = c2.joinPartitionedGroup(g);
        assertThat(p2.members())
                .as("a new partitioner starts from the current members")
                .hasSize(2);
        if (mode == WatchMode.MANUAL) {
            assertStaysTrue(() -> p1.members().size() == 1);
        }
        deliverUntil(c1, mode, () -> p1.members().size() == 2);

        Coordinator c3 = newCoordinator();
        c3.joinPartitionedGroup(g);
        deliverUntil(c1, mode, () -> p1.members().size() == 3);
        await().until(() -> p2.members().size() == 3);
        assertThat(p1.members().keySet()).containsExactlyInAnyOrder(c1.memberId(), c2.memberId(), c3.memberId());

        c2.leavePartitionedGroup(p2);
        c3.stop();
        deliverUntil(c1, mode, () -> p1.members().size() == 1);
        assertThat(p1.members()).isEqualTo(Map.of(c1.memberId(), 1));
        assertThat(c1.getMembers(g).get()).containsExactly(c1.memberId());
    }

    @Test
    default void weightsComeFromCapabilities() {
        String g = randomGroupId();
        Coordinator c1 = newCoordinator();
        Partitioner p1 = c1.joinPartitionedGroup(g, 5, 32);
        assertThat(p1.members()).isEqualTo(Map.of(c1.memberId(), 5));
        Coordinator c2 = newCoordinator();
        Partitioner p2 = c2.joinPartitionedGroup(g, 10, 32);
        Map<String, Integer> expected = Map.of(c1.memberId(), 5, c2.memberId(), 10);
        await().until(() -> p1.members().equals(expected));
        assertThat(p2.members()).isEqualTo(expected);
    }

    @Test
    default void closedPartitionerStopsFollowingTheGroup() {
        String g = randomGroupId();
        Coordinator c1 = newCoordinator();
        Partitioner p1 = c1.joinPartitionedGroup(g);
        EventRecorder<MemberJoined> fence = new EventRecorder<>("fence");
        c1.watchJoinGroup(g, fence);
        p1.close();
        Coordinator c2 = newCoordinator();
        c2.joinPartitionedGroup(g);
        await().until(() -> fence.contains(new MemberJoined(g, c2.memberId())));
        assertThat(p1.members()).as("closed partitioner unchanged").isEqualTo(Map.of(c1.memberId(), 1));
        assertThat(c2.getMembers(g).get()).as("close does not leave").contains(c1.memberId());

        Partitioner p3 = c1.joinPartitionedGroup(randomGroupId());
        c1.leavePartitionedGroup(p3);
        assertThat(c1.getMembers(p3.groupId()).get())
                .as("leavePartitionedGroup leaves")
                .isEmpty();
    }

    @Test
    default void membersOfObjectAndOthers() {
        String g = randomGroupId();
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        Partitioner p1 = c1.joinPartitionedGroup(g);
        Partitioner p2 = c2.joinPartitionedGroup(g);
        await().until(() -> p1.members().size() == 2);
        String object = "чупакабра";
        Set<String> owners = p1.membersForObject(object);
        assertThat(owners).hasSize(1);
        String owner = owners.iterator().next();
        assertThat(p1.belongsToMember(object, owner)).isTrue();
        assertThat(p1.belongsToMember(object, "chupacabra"))
                .as("unknown member")
                .isFalse();
        assertThat(p1.belongsToSelf(object)).isEqualTo(owner.equals(c1.memberId()));
        assertThat(p2.belongsToSelf(object)).isEqualTo(owner.equals(c2.memberId()));
        assertThat(p2.membersForObject(object)).isEqualTo(owners);

        assertThat(p1.membersForObject(object, Set.of(), 2)).containsExactlyInAnyOrder(c1.memberId(), c2.memberId());
        String other = owner.equals(c1.memberId()) ? c2.memberId() : c1.memberId();
        assertThat(p1.membersForObject(object, Set.of(owner), 1)).containsExactly(other);
        assertThat(p1.belongsToSelf(object, Set.of(owner), 1)).isEqualTo(other.equals(c1.memberId()));
    }

    @Test
    default void allPartitionersAgreeOnOwnersOfAThousandKeys() {
        String g = randomGroupId();
        List<Coordinator> coordinators = List.of(newCoordinator(), newCoordinator(), newCoordinator());
        List<Partitioner> partitioners =
                coordinators.stream().map(c -> c.joinPartitionedGroup(g)).toList();
        await().until(() -> partitioners.stream().allMatch(p -> p.members().size() == 3));
        Map<String, Integer> owned = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            String key = "key-" + i;
            Set<String> owners = partitioners.get(0).membersForObject(key);
            assertThat(owners).hasSize(1);
            for (int j = 1; j < 3; j++) {
                assertThat(partitioners.get(j).membersForObject(key)).as(key).isEqualTo(owners);
            }
            long selfOwners =
                    partitioners.stream().filter(p -> p.belongsToSelf(key)).count();
            assertThat(selfOwners).as("exactly one member owns %s", key).isEqualTo(1);
            owned.merge(owners.iterator().next(), 1, Integer::sum);
        }
        assertThat(owned).as("every member owns some keys").hasSize(3);
    }
}
