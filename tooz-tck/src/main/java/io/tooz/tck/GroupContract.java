package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.InvalidNameException;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Groups and membership: create, list, delete, join, leave, members, and every error case.
 *
 * <p>Ports tooz §4.2: {@code test_create_group}, {@code test_create_group_already_exist}, {@code test_get_groups},
 * {@code test_delete_group}, {@code test_delete_group_non_existent}, {@code test_delete_group_non_empty}, {@code
 * test_join_group}, {@code test_join_nonexistent_group}, {@code test_join_group_create}, {@code
 * test_join_group_with_member_id_already_exists}, {@code test_leave_group}, {@code test_leave_nonexistent_group},
 * {@code test_leave_group_not_joined_by_member}, {@code test_get_members}, {@code test_disconnect_leave_group}. Group
 * id rules (non-empty, at most 255 UTF-8 bytes) are checked here too. Capabilities are in {@link
 * CapabilitiesContract}.
 */
@Needs(features = Feature.GROUPS)
public interface GroupContract extends ContractSupport {

    @Test
    default void createdGroupIsListed() {
        Coordinator c = newCoordinator();
        String g = newGroup(c);
        assertThat(c.getGroups().get()).contains(g);
        assertThat(newCoordinator().getGroups().get())
                .as("seen by another coordinator")
                .contains(g);
    }

    @Test
    default void createExistingGroupFails() {
        Coordinator c = newCoordinator();
        String g = newGroup(c);
        assertThatThrownBy(() -> c.createGroup(g).get())
                .isInstanceOf(GroupAlreadyExistsException.class)
                .hasMessageContaining(g)
                .extracting(e -> ((GroupAlreadyExistsException) e).groupId())
                .isEqualTo(g);
        assertThatThrownBy(() -> newCoordinator().createGroup(g).get()).isInstanceOf(GroupAlreadyExistsException.class);
    }

    @Test
    default void getGroupsListsAllFiveCreatedGroups() {
        Coordinator c = newCoordinator();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String g = newGroup(c);
            created.add(g);
        }
        assertThat(c.getGroups().get()).containsAll(created);
    }

    @Test
    default void deletedGroupDisappearsAndCannotBeJoined() {
        Coordinator c = newCoordinator();
        String g = newGroup(c);
        c.deleteGroup(g).get();
        assertThat(c.getGroups().get()).doesNotContain(g);
        assertThatThrownBy(() -> c.joinGroup(g).get()).isInstanceOf(GroupNotCreatedException.class);
        c.createGroup(g).get();
        assertThat(c.getGroups().get()).as("recreated").contains(g);
    }

    @Test
    default void deleteNonExistentGroupFails() {
        assertFailsAsNotCreated(g -> () -> newCoordinator().deleteGroup(g).get());
    }

    @Test
    default void deleteNonEmptyGroupFailsUntilTheMemberLeaves() {
        Coordinator c = newCoordinator();
        String g = newGroup(c, c);
        assertThatThrownBy(() -> c.deleteGroup(g).get())
                .isInstanceOf(GroupNotEmptyException.class)
                .hasMessageContaining(g);
        assertThat(c.getMembers(g).get()).containsExactly(c.memberId());
        c.leaveGroup(g).get();
        c.deleteGroup(g).get();
        assertThat(c.getGroups().get()).doesNotContain(g);
    }

    @Test
    default void joinedMemberIsListed() {
        Coordinator c = newCoordinator();
        String g = newGroup(c, c);
        assertThat(c.getMembers(g).get()).containsExactly(c.memberId());
    }

    @Test
    default void joinNonExistentGroupFails() {
        assertFailsAsNotCreated(g -> () -> newCoordinator().joinGroup(g).get());
    }

    @Test
    default void joinGroupCreateCreatesAndJoins() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        c.joinGroupCreate(g);
        assertThat(c.getGroups().get()).contains(g);
        assertThat(c.getMembers(g).get()).containsExactly(c.memberId());
        Coordinator other = newCoordinator();
        other.joinGroupCreate(g);
        assertThat(c.getMembers(g).get()).as("existing group joined").hasSize(2);
    }

    @Test
    default void sameMemberIdTwiceFails() {
        String member = randomMemberId();
        Coordinator c1 = newCoordinator(member);
        Coordinator c2 = newCoordinator(member);
        String g = newGroup(c1, c1);
        assertThatThrownBy(() -> c2.joinGroup(g).get())
                .isInstanceOf(MemberAlreadyExistsException.class)
                .hasMessageContaining(member)
                .hasMessageContaining(g);
        assertThatThrownBy(() -> c1.joinGroup(g).get())
                .as("same coordinator joining twice")
                .isInstanceOf(MemberAlreadyExistsException.class);
    }

    @Test
    default void leftMemberIsNoLongerListed() {
        Coordinator c = newCoordinator();
        String g = newGroup(c, c);
        c.leaveGroup(g).get();
        assertThat(c.getMembers(g).get()).isEmpty();
    }

    @Test
    default void leaveNonExistentGroupFails() {
        assertThatThrownBy(() -> newCoordinator().leaveGroup(randomGroupId()).get())
                .isInstanceOfAny(GroupNotCreatedException.class, MemberNotJoinedException.class);
    }

    @Test
    default void leaveGroupNotJoinedFails() {
        Coordinator c = newCoordinator();
        String g = newGroup(c);
        assertThatThrownBy(() -> c.leaveGroup(g).get())
                .isInstanceOf(MemberNotJoinedException.class)
                .hasMessageContaining(c.memberId())
                .hasMessageContaining(g);
    }

    @Test
    default void getMembersOfTwoCoordinators() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        String g = newGroup(c1, c1, c2);
        assertThat(c1.getMembers(g).get()).containsExactlyInAnyOrder(c1.memberId(), c2.memberId());
        assertThat(c2.getMembers(g).get()).containsExactlyInAnyOrder(c1.memberId(), c2.memberId());
    }

    @Test
    default void getMembersOfNonExistentGroupFails() {
        assertThatThrownBy(() -> newCoordinator().getMembers(randomGroupId()).get())
                .isInstanceOf(GroupNotCreatedException.class);
    }

    @Test
    default void stopLeavesJoinedGroups() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        String g1 = joinedGroup(c1);
        String g2 = joinedGroup(c1);
        c2.joinGroup(g1).get();
        c2.joinGroup(g2).get();
        c2.stop();
        assertThat(c1.getMembers(g1).get()).containsExactly(c1.memberId());
        assertThat(c1.getMembers(g2).get()).containsExactly(c1.memberId());
        c2.start();
        assertThat(c1.getMembers(g1).get()).as("restart does not rejoin").containsExactly(c1.memberId());
        c2.joinGroup(g1).get();
        assertThat(c1.getMembers(g1).get()).hasSize(2);
    }

    @Test
    default void emptyGroupIdIsRejected() {
        Coordinator c = newCoordinator();
        assertThatThrownBy(() -> c.createGroup("").get()).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> c.joinGroupCreate("")).isInstanceOf(InvalidNameException.class);
    }

    @Test
    default void groupIdOver255Utf8BytesIsRejectedNamingIt() {
        Coordinator c = newCoordinator();
        String tooLong = "g".repeat(254) + "é"; // 256 UTF-8 bytes
        assertThatThrownBy(() -> c.createGroup(tooLong).get())
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining(tooLong.substring(0, 32));
        assertThat(c.getGroups().get()).doesNotContain(tooLong);
    }

    /** {@code call} on a group that was never created fails with {@link GroupNotCreatedException} naming it. */
    private void assertFailsAsNotCreated(Function<String, ThrowingCallable> call) {
        String g = randomGroupId();
        assertThatThrownBy(call.apply(g))
                .isInstanceOf(GroupNotCreatedException.class)
                .hasMessageContaining(g);
    }
}
