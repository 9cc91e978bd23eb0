package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Characteristic;
import io.tooz.Coordinator;
import io.tooz.DriverChosenPoorlyException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code requireCharacteristics} accepts on every scheme what Python tooz's {@code get_coordinator(characteristics=...)}
 * accepts for it: 3.1.0's drivers asked in a subprocess, master's as its source declares them. The one refusal is
 * deliberate and documented (docs/python-interop.md): memcached's {@code CAUSAL}, since memcached may evict any key.
 * Building a coordinator connects to nothing, so no server is needed.
 */
class CharacteristicsInteropTest {
    /** What tooz 3.1.0 declares, from its installed drivers (those whose client library is installed). */
    private static final String ASK_PYTHON = String.join(
            "\n",
            "import json",
            "from importlib.metadata import entry_points",
            "out = {}",
            "for ep in entry_points(group='tooz.backends'):",
            "    try:",
            "        out[ep.name] = sorted(c.name for c in ep.load().CHARACTERISTICS)",
            "    except ImportError:",
            "        pass",
            "print(json.dumps(out))");

    /** tooz master (1d7c205, read from its source) where it declares more than 3.1.0, and 3.1.0's ipc (no sysv_ipc). */
    private static final Map<String, List<String>> BY_READING = Map.of(
            "etcd3+http",
                    List.of(
                            "NON_TIMEOUT_BASED",
                            "DISTRIBUTED_ACROSS_THREADS",
                            "DISTRIBUTED_ACROSS_PROCESSES",
                            "LINEARIZABLE",
                            "SERIALIZABLE"),
            "etcd3+https",
                    List.of(
                            "NON_TIMEOUT_BASED",
                            "DISTRIBUTED_ACROSS_THREADS",
                            "DISTRIBUTED_ACROSS_PROCESSES",
                            "LINEARIZABLE",
                            "SERIALIZABLE"),
            "ipc", List.of("NON_TIMEOUT_BASED", "DISTRIBUTED_ACROSS_THREADS", "DISTRIBUTED_ACROSS_PROCESSES"));

    private static final Map<String, String> URLS = Map.ofEntries(
            Map.entry("zookeeper", "zookeeper://127.0.0.1:2181"),
            Map.entry("kazoo", "kazoo://127.0.0.1:2181"),
            Map.entry("redis", "redis://127.0.0.1:6379"),
            Map.entry("postgresql", "postgresql://tooz:tooz@127.0.0.1/tooz"),
            Map.entry("mysql", "mysql://tooz:tooz@127.0.0.1/tooz"),
            Map.entry("etcd3+http", "etcd3+http://127.0.0.1:2379"),
            Map.entry("etcd3+https", "etcd3+https://127.0.0.1:2379"),
            Map.entry("etcd3", "etcd3://127.0.0.1:2379"),
            Map.entry("etcd", "etcd://127.0.0.1:2379"),
            Map.entry("memcached", "memcached://127.0.0.1:11211"),
            Map.entry("file", "file:///tmp/tooz-characteristics"),
            Map.entry("ipc", "ipc://characteristics"),
            Map.entry("zake", "zake://"));

    /** Where tooz-java is stricter than Python, on purpose. */
    private static final Map<String, Set<Characteristic>> REFUSED = Map.of("memcached", Set.of(Characteristic.CAUSAL));

    @Test
    void everyCharacteristicPythonDeclaresForASchemeIsAcceptedByOurDriverOfIt() throws Exception {
        Map<String, Set<Characteristic>> python = pythonDeclared();
        assertThat(python.keySet()).containsAll(URLS.keySet());
        for (Map.Entry<String, String> e : URLS.entrySet()) {
            String scheme = e.getKey();
            Set<Characteristic> wanted = EnumSet.noneOf(Characteristic.class);
            wanted.addAll(python.get(scheme));
            wanted.removeAll(REFUSED.getOrDefault(scheme, Set.of()));
            try (Coordinator c = Coordinator.builder(e.getValue())
                    .requireCharacteristics(wanted.toArray(Characteristic[]::new))
                    .build()) {
                assertThat(c.characteristics()).as(scheme).containsAll(wanted);
            }
            for (Characteristic refused : REFUSED.getOrDefault(scheme, Set.of())) {
                assertThat(python.get(scheme)).as("Python declares it").contains(refused);
                assertThatThrownBy(() -> Coordinator.builder(e.getValue())
                                .requireCharacteristics(refused)
                                .build())
                        .isInstanceOf(DriverChosenPoorlyException.class)
                        .hasMessageContaining(refused.name());
            }
        }
    }

    /** Per scheme, what 3.1.0 or master declares (their union); schemes whose driver cannot load are absent. */
    private static Map<String, Set<Characteristic>> pythonDeclared() throws Exception {
        PythonPeer.requireTooz();
        Process p = new ProcessBuilder(PythonPeer.PYTHON, "-I", "-c", ASK_PYTHON)
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        @SuppressWarnings("unchecked")
        Map<String, List<String>> declared = (Map<String, List<String>>) PeerJson.parse(out.strip());
        Map<String, Set<Characteristic>> all = new TreeMap<>();
        declared.forEach((scheme, names) -> all.put(scheme, characteristics(names)));
        BY_READING.forEach((scheme, names) -> all.computeIfAbsent(scheme, s -> EnumSet.noneOf(Characteristic.class))
                .addAll(characteristics(names)));
        return all;
    }

    private static Set<Characteristic> characteristics(List<String> names) {
        Set<Characteristic> out = EnumSet.noneOf(Characteristic.class);
        names.forEach(n -> out.add(Characteristic.valueOf(n)));
        return out;
    }
}
