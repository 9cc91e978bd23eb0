package io.tooz.interop;

import static io.tooz.interop.InteropFixture.TIMEOUT;
import static io.tooz.interop.InteropFixture.WAIT;
import static io.tooz.interop.InteropFixture.awaitPythonEvent;
import static io.tooz.interop.InteropFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.WatchCallback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.SoftAssertions;

/**
 * The id types scenario every backend's interop test with groups runs: a Python tooz 3.1.0 member that passes group and
 * member ids as bytes (tooz's documented type) reads the ids a Java member wrote (its groups, its member id in group
 * listings, watcher events and leader reads) as bytes too, exactly as it reads its own, so that a mixed set never
 * holds both {@code b'x'} and {@code 'x'} (which Python cannot sort and never finds equal). Python gives an id back as
 * {@code [type name, text]} ({@code peer.py}'s {@code *_typed} commands); Java reads every id as a {@link String}, and
 * sees Python's ids by their text. Capability types (bytes or str values and map keys) are {@link CapabilityInterop}'s.
 */
final class IdTypeInterop {
    /** What the backend's Python driver implements beyond groups and members. */
    record PythonHas(boolean watchers, boolean getLeader) {}

    private IdTypeInterop() {}

    /**
     * Python and Java each create a group ({@code groupPrefix + "ids-by-python"}, {@code "ids-by-java"}), both join
     * both, both leave, and each deletes the other's group, Python always with bytes ids; where Python reads leaders,
     * each leads a group of its own and Python reads both leaders.
     */
    static void assertPythonReadsJavaIdsAsItsOwnBytes(
            PythonPeer py, Coordinator java, String groupPrefix, PythonHas has) {
        String byPython = groupPrefix + "ids-by-python";
        String byJava = groupPrefix + "ids-by-java";
        String pyId = py.memberId;
        String javaId = java.memberId();
        py.call("group_ids_as", "type", "bytes");
        java.createGroup(byJava).get(TIMEOUT); // first: Java's driver has no Python group to take the id type from
        py.call("create_group", "group", byPython);
        if (has.watchers()) {
            for (String group : List.of(byPython, byJava)) {
                py.call("watch_join_group", "group", group);
                py.call("watch_leave_group", "group", group);
            }
        }
        for (String group : List.of(byPython, byJava)) {
            java.joinGroup(group, Capabilities.of("java")).get(TIMEOUT);
            py.call("join_group", "group", group, "caps", "python");
            py.call("heartbeat"); // Python 3.1.0 refreshes its liveness only when told (memcached, Redis: 4 s)
        }
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(ours(py.call("get_groups_typed"), Set.of(byPython, byJava)))
                .as("Python's get_groups(): the group Java created is bytes, as its own")
                .isEqualTo(sorted(List.of(bytes(byPython), bytes(byJava))));
        for (String group : List.of(byPython, byJava)) {
            soft.assertThat(py.call("get_members_typed", "group", group))
                    .as("Python's get_members(%s): Java's member id is bytes, as its own", group)
                    .isEqualTo(sorted(List.of(bytes(pyId), bytes(javaId))));
            soft.assertThat(java.getMembers(group).get(TIMEOUT)).containsExactlyInAnyOrder(pyId, javaId);
        }
        soft.assertThat(java.getGroups().get(TIMEOUT)).contains(byPython, byJava);
        if (has.watchers()) {
            awaitPythonEvents(py, event("join", byPython, javaId), event("join", byJava, javaId));
            soft.assertThat(idTypes(py))
                    .as("the ids of Python's join events for Java's member")
                    .contains(List.of("join", bytes(byPython), bytes(javaId)))
                    .contains(List.of("join", bytes(byJava), bytes(javaId)))
                    .allSatisfy(e -> assertThat(e.subList(1, 3))
                            .allSatisfy(id -> assertThat(((List<?>) id).get(0)).isEqualTo("bytes")));
        }
        if (has.getLeader()) {
            soft.assertThat(leaderTyped(py, java, groupPrefix + "ids-led-by-python", groupPrefix + "ids-led-by-java"))
                    .as("Python's get_leader() of a group Python leads, then of one Java leads")
                    .isEqualTo(List.of(bytes(pyId), bytes(javaId)));
        }
        py.call("heartbeat");
        for (String group : List.of(byPython, byJava)) {
            java.leaveGroup(group).get(TIMEOUT);
            py.call("leave_group", "group", group);
        }
        if (has.watchers()) {
            awaitPythonEvents(py, event("leave", byPython, javaId), event("leave", byJava, javaId));
            soft.assertThat(idTypes(py))
                    .as("the ids of Python's leave events for Java's member")
                    .contains(List.of("leave", bytes(byPython), bytes(javaId)))
                    .contains(List.of("leave", bytes(byJava), bytes(javaId)));
        }
        py.call("delete_group", "group", byJava);
        java.deleteGroup(byPython).get(TIMEOUT);
        soft.assertThat(ours(py.call("get_groups_typed"), Set.of(byPython, byJava)))
                .as("Python deleted Java's group, Java Python's")
                .isEmpty();
        soft.assertThat(java.getGroups().get(TIMEOUT)).doesNotContain(byPython, byJava);
        soft.assertAll();
    }

    /**
     * A Python member passing group ids as str creates a group first, then Java creates one: Python reads both ids as
     * one type (str where its driver returns ids as stored, file and memcached; bytes where it converts them), and
     * each side deletes the other's group.
     */
    static void assertJavaGroupIdsTakeTheTypeOfPythonsStrOnes(PythonPeer py, Coordinator java, String groupPrefix) {
        String byPython = groupPrefix + "str-by-python";
        String byJava = groupPrefix + "str-by-java";
        py.call("group_ids_as", "type", "str");
        py.call("create_group", "group", byPython);
        java.createGroup(byJava).get(TIMEOUT);
        List<Object> typed = ours(py.call("get_groups_typed"), Set.of(byPython, byJava));
        assertThat(typed).hasSize(2);
        Object pythonsType = ((List<?>) typed.get(0)).get(0);
        assertThat(typed)
                .as("Python's get_groups(): Java's group id has the type of Python's own")
                .isEqualTo(sorted(List.of(List.of(pythonsType, byJava), List.of(pythonsType, byPython))));
        py.call("delete_group", "group", byJava);
        java.deleteGroup(byPython).get(TIMEOUT);
        assertThat(ours(py.call("get_groups_typed"), Set.of(byPython, byJava))).isEmpty();
        assertThat(java.getGroups().get(TIMEOUT)).doesNotContain(byPython, byJava);
    }

    /**
     * Python creates and leads {@code byPython}, Java {@code byJava} (groups of their own: neither side can delete a
     * ZooKeeper group after electing a leader in it); Python's typed get_leader of both.
     */
    private static List<Object> leaderTyped(PythonPeer py, Coordinator java, String byPython, String byJava) {
        py.call("create_group", "group", byPython);
        java.createGroup(byJava).get(TIMEOUT);
        py.call("watch_elected_as_leader", "group", byPython);
        awaitPythonEvent(py, event("elected", byPython, py.memberId));
        py.call("heartbeat");
        List<GroupEvent> elected = new CopyOnWriteArrayList<>();
        WatchCallback<GroupEvent.LeaderElected> onElected = elected::add;
        java.watchElectedAsLeader(byJava, onElected);
        await().atMost(WAIT).until(() -> !elected.isEmpty());
        assertThat(java.getLeader(byJava).get(TIMEOUT)).contains(java.memberId());
        List<Object> leaders = new ArrayList<>();
        leaders.add(py.call("get_leader_typed", "group", byPython));
        leaders.add(py.call("get_leader_typed", "group", byJava));
        java.unwatchElectedAsLeader(byJava, onElected);
        idTypes(py); // drops the elected event, whose ids are Python's own
        return leaders;
    }

    /** Calls Python's run_watchers until it has reported all of {@code expected}, in any order. */
    @SafeVarargs
    private static void awaitPythonEvents(PythonPeer py, Map<String, Object>... expected) {
        List<Object> seen = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            seen.addAll((List<?>) py.call("run_watchers"));
            assertThat(seen).contains((Object[]) expected);
        });
    }

    /** An id as Python reads it when it is bytes. */
    static List<Object> bytes(String text) {
        return List.of("bytes", text);
    }

    /** The watcher events' ids since the last call, as {@code [kind, [type, group], [type, member]]}. */
    @SuppressWarnings("unchecked")
    static List<List<Object>> idTypes(PythonPeer py) {
        return (List<List<Object>>) py.call("id_types_seen");
    }

    /** The typed ids of {@code typed} (a list of {@code [type, text]}) whose text is one of {@code names}. */
    static List<Object> ours(Object typed, Set<String> names) {
        return ((List<?>) typed)
                .stream()
                        .filter(t -> names.contains(((List<?>) t).get(1)))
                        .collect(ArrayList::new, List::add, List::addAll);
    }

    private static List<List<Object>> sorted(List<List<Object>> typed) {
        List<List<Object>> out = new ArrayList<>(typed);
        out.sort(Comparator.comparing((List<Object> t) -> (String) t.get(0)).thenComparing(t -> (String) t.get(1)));
        return out;
    }
}
