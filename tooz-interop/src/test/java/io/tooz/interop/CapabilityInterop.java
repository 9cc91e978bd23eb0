package io.tooz.interop;

import static io.tooz.interop.InteropFixture.TIMEOUT;
import static io.tooz.interop.InteropFixture.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The capabilities scenario every backend's interop test runs: a Python member creates one group per capability
 * shape and joins it with that value, the Java member joins with the same value, and each side reads the other's
 * capabilities back equal, with bytes staying bytes and str staying str, in values and in map keys.
 */
final class CapabilityInterop {
    private CapabilityInterop() {}

    /** Runs the scenario with a Python peer and a Java coordinator on one namespace. */
    static void assertCapabilitiesReadTheSameOnBothSides(PythonPeer py, Coordinator java) {
        assertCapabilitiesReadTheSameOnBothSides(py, java, "");
    }

    /**
     * Runs the scenario in groups whose names start with {@code groupPrefix}, for backends where the groups of every
     * test share one keyspace (etcd).
     */
    static void assertCapabilitiesReadTheSameOnBothSides(PythonPeer py, Coordinator java, String groupPrefix) {
        String pyId = py.memberId;
        String javaId = java.memberId();
        Map<String, Object> cases = capabilityCases();
        for (Map.Entry<String, Object> c : cases.entrySet()) {
            String group = groupPrefix + "caps-" + c.getKey();
            py.call("create_group", "group", group);
            py.call("join_group", "group", group, "caps", Tagged.encode(c.getValue()));
            java.joinGroup(group, Capabilities.of(c.getValue())).get(TIMEOUT);
        }
        for (Map.Entry<String, Object> c : cases.entrySet()) {
            String group = groupPrefix + "caps-" + c.getKey();
            Capabilities expected = Capabilities.of(c.getValue());
            assertThat(java.getMembers(group).get(TIMEOUT)).containsExactlyInAnyOrder(pyId, javaId);
            assertThat(java.getMemberCapabilities(group, pyId).get(TIMEOUT))
                    .as("Java reading Python's %s capabilities", c.getKey())
                    .isEqualTo(expected);
            assertThat(java.getMembersWithCapabilities(group).get(TIMEOUT))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(pyId, expected, javaId, expected));
            assertThat(py.strings("get_members", "group", group)).containsExactlyInAnyOrder(javaId, pyId);
            Object fromPython = py.call("get_member_capabilities", "group", group, "member", javaId);
            assertThat(Capabilities.of(Tagged.decode(fromPython)))
                    .as("Python reading Java's %s capabilities", c.getKey())
                    .isEqualTo(expected);
        }
        // bytes stay bytes and str stays str, on both sides
        String bytes = groupPrefix + "caps-bytes";
        String string = groupPrefix + "caps-string";
        assertThat(java.getMemberCapabilities(bytes, pyId).get(TIMEOUT).value()).isInstanceOf(ByteBuffer.class);
        assertThat(java.getMemberCapabilities(string, pyId).get(TIMEOUT).value())
                .isInstanceOf(String.class);
        assertThat(py.call("get_member_capabilities", "group", bytes, "member", javaId))
                .isInstanceOf(Map.class);
        assertThat(py.call("get_member_capabilities", "group", string, "member", javaId))
                .isEqualTo("héllo wörld ✓");
        assertThat(py.call("get_member_capabilities", "group", groupPrefix + "caps-null", "member", javaId))
                .isNull();
        // map keys keep their type too: str keys are String in Java, bytes keys ByteBuffer, and the other way round
        assertThat(keys(java.getMemberCapabilities(groupPrefix + "caps-map", pyId)
                        .get(TIMEOUT)
                        .value()))
                .allSatisfy(k -> assertThat(k).isInstanceOf(String.class));
        assertThat(keys(java.getMemberCapabilities(groupPrefix + "caps-bytes-keys", pyId)
                        .get(TIMEOUT)
                        .value()))
                .hasSize(2)
                .allSatisfy(k -> assertThat(k).isInstanceOf(ByteBuffer.class));
        assertThat(keys(py.call("get_member_capabilities", "group", groupPrefix + "caps-map", "member", javaId)))
                .as("Python's keys of Java's map (tagged: str plain, bytes as {b64})")
                .allSatisfy(k -> assertThat(k).isInstanceOf(String.class));
        assertThat(keys(py.call("get_member_capabilities", "group", groupPrefix + "caps-bytes-keys", "member", javaId)))
                .hasSize(2)
                .allSatisfy(k -> assertThat(k)
                        .isInstanceOfSatisfying(Map.class, b -> assertThat(b).containsOnlyKeys("b64")));

        // joining without capabilities: Python 3.1.0 stores b"", Java stores nil (None)
        String byDefault = groupPrefix + "caps-default";
        py.call("create_group", "group", byDefault);
        py.call("join_group", "group", byDefault);
        java.joinGroup(byDefault).get(TIMEOUT);
        assertThat(java.getMemberCapabilities(byDefault, pyId).get(TIMEOUT)).isEqualTo(Capabilities.of(new byte[0]));
        assertThat(py.call("get_member_capabilities", "group", byDefault, "member", javaId))
                .isNull();
    }

    /** The keys of a Java map value, or of a map in peer.py's tagged form ({@code {"map": [[key, value], ...]}}). */
    private static List<Object> keys(Object map) {
        if (map instanceof Map<?, ?> m && m.containsKey("map") && m.size() == 1 && m.get("map") instanceof List<?> l) {
            return l.stream().map(pair -> ((List<?>) pair).get(0)).collect(ArrayList::new, List::add, List::addAll);
        }
        return new ArrayList<>(((Map<?, ?>) map).keySet());
    }

    /** One capability value per shape; each is joined with by both sides in a group of its own. */
    static Map<String, Object> capabilityCases() {
        byte[] raw = {0, (byte) 0xff, (byte) 0xc3, 'r', 'a', 'w'}; // not valid UTF-8
        Map<String, Object> cases = new LinkedHashMap<>();
        cases.put("map", map("host", "node-1", "weight", 2L, "ratio", 0.5, "up", true, "none", null));
        cases.put("list", Arrays.asList(1L, "two", new byte[] {'3'}, null, 4.5, false));
        cases.put("string", "héllo wörld ✓");
        cases.put("bytes", raw);
        cases.put("null", null);
        Map<Object, Object> bytesKeys = new LinkedHashMap<>();
        bytesKeys.put("k".getBytes(StandardCharsets.UTF_8), 1L);
        bytesKeys.put(raw, List.of("v"));
        cases.put("bytes-keys", bytesKeys);
        cases.put("nested", map("a", map("b", List.of(map("c", raw, "d", null))), "e", List.of(List.of(), map())));
        return cases;
    }
}
