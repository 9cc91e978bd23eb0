package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.GroupNotCreatedException;
import io.tooz.MemberInfo;
import io.tooz.MemberNotJoinedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Member capabilities and member info: round trips of simple and complex values, listing, updating, and the error
 * cases.
 *
 * <p>Ports tooz §4.3: {@code test_get_member_capabilities} (join not awaited: relies on per-coordinator submission
 * order), {@code test_get_member_capabilities_complex}, {@code ..._nonexistent_group}, {@code ..._nonjoined_member},
 * {@code test_get_members_with_capabilities} and its {@code _multiple}, {@code _nonexistent_group}, {@code
 * _empty_group}, {@code _no_caps} variants, {@code test_update_capabilities}, {@code
 * test_update_capabilities_with_group_id_nonexistent}, {@code test_get_member_info} and its {@code _complex}, {@code
 * _nonexistent_group}, {@code _nonjoined_member} variants.
 */
@Needs(features = Feature.GROUPS)
public interface CapabilitiesContract extends ContractSupport {

    /** A capabilities value using every common msgpack type: nested maps and lists, bytes, floats, booleans, null. */
    static Capabilities complexCapabilities() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("nil", null);
        nested.put("yes", true);
        nested.put("no", false);
        nested.put("pi", 3.25);
        nested.put("bytes", "raw\u0000bytes".getBytes(StandardCharsets.UTF_8));
        nested.put("big", Long.MAX_VALUE);
        nested.put("negative", -42L);
        List<Object> list = new ArrayList<>(Arrays.asList("a", 1L, 2.5, null, List.of("deep", Map.of("k", "v"))));
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("data", "test_capabilities");
        caps.put("unicode", "чупакабра");
        caps.put("list", list);
        caps.put("nested", nested);
        caps.put("empty_map", Map.of());
        caps.put("empty_list", List.of());
        return Capabilities.of(caps);
    }

    @Test
    default void capabilitiesRoundTripWithoutAwaitingJoin() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        Capabilities caps = Capabilities.of(Map.of("data", "test_capabilities"));
        c.createGroup(g).get();
        c.joinGroup(g, caps); // not awaited: the next operation is applied after it
        assertThat(c.getMemberCapabilities(g, c.memberId()).get()).isEqualTo(caps);
        assertThat(newCoordinator().getMemberCapabilities(g, c.memberId()).get())
                .isEqualTo(caps);
    }

    @Test
    default void complexCapabilitiesRoundTrip() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        Capabilities caps = complexCapabilities();
        c.joinGroupCreate(g, caps);
        Capabilities read =
                newCoordinator().getMemberCapabilities(g, c.memberId()).get();
        assertThat(read).isEqualTo(caps);
        assertThat(read.getBytes("data")).as("strings stay strings").isEmpty();
        assertThat(read.getString("unicode")).contains("чупакабра");
    }

    @Test
    default void nonMapCapabilitiesRoundTrip() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        Capabilities caps = Capabilities.of("just a string");
        c.joinGroupCreate(g, caps);
        assertThat(c.getMemberCapabilities(g, c.memberId()).get()).isEqualTo(caps);
        Capabilities bytes = Capabilities.of((Object) new byte[] {1, 2, 3});
        c.updateCapabilities(g, bytes).get();
        assertThat(c.getMemberCapabilities(g, c.memberId()).get())
                .isEqualTo(bytes)
                .isNotEqualTo(caps);
    }

    @Test
    default void capabilitiesOfNonExistentGroupFail() {
        Coordinator c = newCoordinator();
        assertThatThrownBy(() ->
                        c.getMemberCapabilities(randomGroupId(), c.memberId()).get())
                .isInstanceOfAny(GroupNotCreatedException.class, MemberNotJoinedException.class);
    }

    @Test
    default void capabilitiesOfNonJoinedMemberFail() {
        Coordinator c = newCoordinator();
        String g = joinedGroup(c);
        String stranger = randomMemberId();
        assertThatThrownBy(() -> c.getMemberCapabilities(g, stranger).get())
                .isInstanceOf(MemberNotJoinedException.class)
                .hasMessageContaining(stranger);
    }

    @Test
    default void membersWithCapabilities() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        Capabilities caps = Capabilities.of(Map.of("host", "host1", "port", 8080));
        c.joinGroupCreate(g, caps);
        assertThat(c.getMembersWithCapabilities(g).get()).isEqualTo(Map.of(c.memberId(), caps));
    }

    @Test
    default void membersWithCapabilitiesOfTwoMembers() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        String g = randomGroupId();
        Capabilities caps1 = Capabilities.of(Map.of("host", "host1", "port", 8080));
        Capabilities caps2 = Capabilities.of(Map.of("host", "host2", "port", 8081));
        c1.joinGroupCreate(g, caps1);
        c2.joinGroup(g, caps2).get();
        assertThat(c2.getMembersWithCapabilities(g).get())
                .isEqualTo(Map.of(c1.memberId(), caps1, c2.memberId(), caps2));
    }

    @Test
    default void membersWithCapabilitiesOfNonExistentGroupFail() {
        assertThatThrownBy(() -> newCoordinator()
                        .getMembersWithCapabilities(randomGroupId())
                        .get())
                .isInstanceOf(GroupNotCreatedException.class);
    }

    @Test
    default void membersWithCapabilitiesOfEmptyGroupIsEmpty() {
        Coordinator c = newCoordinator();
        String g = newGroup(c);
        assertThat(c.getMembersWithCapabilities(g).get()).isEmpty();
    }

    @Test
    default void joiningWithoutCapabilitiesGivesNone() {
        Coordinator c = newCoordinator();
        String g = joinedGroup(c);
        assertThat(c.getMembersWithCapabilities(g).get()).isEqualTo(Map.of(c.memberId(), Capabilities.none()));
        assertThat(c.getMemberCapabilities(g, c.memberId()).get()).isEqualTo(Capabilities.none());
    }

    @Test
    default void updatedCapabilitiesAreVisible() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        c.joinGroupCreate(g, Capabilities.of(Map.of("version", 1)));
        assertThat(c.getMemberCapabilities(g, c.memberId()).get().getLong("version"))
                .contains(1L);
        c.updateCapabilities(g, Capabilities.of(Map.of("version", 2))).get();
        assertThat(newCoordinator().getMemberCapabilities(g, c.memberId()).get().getLong("version"))
                .contains(2L);
    }

    @Test
    default void updateCapabilitiesOfNonExistentGroupFails() {
        assertThatThrownBy(() -> newCoordinator()
                        .updateCapabilities(randomGroupId(), Capabilities.of(Map.of("version", 2)))
                        .get())
                .isInstanceOfAny(GroupNotCreatedException.class, MemberNotJoinedException.class);
    }

    @Test
    default void updateCapabilitiesWithoutJoiningFails() {
        Coordinator c = newCoordinator();
        String g = newGroup(c);
        assertThatThrownBy(() -> c.updateCapabilities(g, Capabilities.of(Map.of("version", 2)))
                        .get())
                .isInstanceOf(MemberNotJoinedException.class);
    }

    @Test
    default void memberInfoHasCapabilities() {
        Coordinator c = newCoordinator();
        String g = randomGroupId();
        Instant before = Instant.now().minusSeconds(60);
        Capabilities caps = complexCapabilities();
        c.joinGroupCreate(g, caps);
        MemberInfo info = newCoordinator().getMemberInfo(g, c.memberId()).get();
        assertThat(info.capabilities()).isEqualTo(caps);
        info.joinedAt().ifPresent(t -> assertThat(t).as("joinedAt").isAfter(before));
        info.updatedAt().ifPresent(t -> assertThat(t).as("updatedAt").isAfter(before));
    }

    @Test
    default void memberInfoOfNonExistentGroupFails() {
        Coordinator c = newCoordinator();
        assertThatThrownBy(() -> c.getMemberInfo(randomGroupId(), c.memberId()).get())
                .isInstanceOfAny(GroupNotCreatedException.class, MemberNotJoinedException.class);
    }

    @Test
    default void memberInfoOfNonJoinedMemberFails() {
        Coordinator c = newCoordinator();
        String g = joinedGroup(c);
        assertThatThrownBy(() -> c.getMemberInfo(g, randomMemberId()).get())
                .isInstanceOf(MemberNotJoinedException.class);
    }
}
