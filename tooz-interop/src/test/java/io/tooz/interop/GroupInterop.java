package io.tooz.interop;

import static io.tooz.interop.InteropFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.GroupAlreadyExistsException;
import java.util.Map;

/** Group scenarios shared by the backends' interop tests: the same steps, whichever side starts. */
final class GroupInterop {
    private GroupInterop() {}

    /**
     * The whole cycle with groups {@code by-java} and {@code by-python}: created on each side, joined by both ({@code
     * javaId}, {@code pythonId}), left, and deleted crosswise.
     */
    static void createJoinLeaveAndDeleteCrosswise(PythonPeer py, Coordinator java, String javaId, String pythonId) {
        createOnBothSides(py, java, "by-java", "by-python");
        for (String group : new String[] {"by-java", "by-python"}) {
            joinOnBothSides(py, java, group, javaId, pythonId);
        }
        leaveAndDeleteCrosswise(py, java, "by-java", "by-python");
    }

    /** Java creates {@code byJava}, Python {@code byPython}: both list both, neither creates the other's again. */
    static void createOnBothSides(PythonPeer py, Coordinator java, String byJava, String byPython) {
        java.createGroup(byJava).get(TIMEOUT);
        py.call("create_group", "group", byPython);
        assertThat(py.strings("get_groups")).containsExactly(byJava, byPython);
        assertThat(java.getGroups().get(TIMEOUT)).containsExactlyInAnyOrder(byJava, byPython);
        assertThat(py.callFailing("create_group", "group", byJava)).startsWith("GroupAlreadyExist");
        assertThatThrownBy(() -> java.createGroup(byPython).get(TIMEOUT))
                .isInstanceOf(GroupAlreadyExistsException.class);
    }

    /** Both join {@code group} with capabilities: each side sees both members and the other's capabilities. */
    static void joinOnBothSides(PythonPeer py, Coordinator java, String group, String javaId, String pythonId) {
        java.joinGroup(group, Capabilities.of("java")).get(TIMEOUT);
        py.call("join_group", "group", group, "caps", "python");
        assertThat(java.getMembersWithCapabilities(group).get(TIMEOUT))
                .isEqualTo(Map.of(javaId, Capabilities.of("java"), pythonId, Capabilities.of("python")));
        assertThat(py.strings("get_members", "group", group)).containsExactly(javaId, pythonId);
        assertThat(py.call("get_member_capabilities", "group", group, "member", javaId))
                .isEqualTo("java");
    }

    /** Both leave both groups; Python deletes Java's group and Java Python's; nothing is left on either side. */
    static void leaveAndDeleteCrosswise(PythonPeer py, Coordinator java, String byJava, String byPython) {
        for (String group : new String[] {byJava, byPython}) {
            java.leaveGroup(group).get(TIMEOUT);
            py.call("leave_group", "group", group);
        }
        py.call("delete_group", "group", byJava);
        java.deleteGroup(byPython).get(TIMEOUT);
        assertThat(java.getGroups().get(TIMEOUT)).isEmpty();
        assertThat(py.strings("get_groups")).isEmpty();
    }
}
