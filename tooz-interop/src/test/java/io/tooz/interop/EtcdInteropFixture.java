package io.tooz.interop;

import io.tooz.tck.SharedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link InteropFixture} on the local etcd. Neither side has a namespace on etcd (every group is under {@code
 * tooz/groups/}, every lock under {@code /tooz/locks} or, on {@code etcd3://}, {@code /locks/}), so each test's group and lock names start with a prefix of its
 * own ({@link #name}), and its keys under that prefix are deleted afterwards.
 *
 * <p>Both sides use one URL: {@code api_version=v3} is the JSON gateway path that Python's etcd3gw client needs on etcd
 * 3.4 (Java talks gRPC and ignores it), and both take {@code membership_timeout} and {@code lock_timeout} as the TTLs
 * of their leases. The raw keys are read and deleted through etcd's own JSON gateway, not through either driver.
 */
abstract class EtcdInteropFixture extends InteropFixture {
    static final int PORT = 2379;
    static final Duration MEMBERSHIP_TIMEOUT = Duration.ofSeconds(5);
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);
    /** Python's etcd lock prefix, to which it appends the name's UTF-8 bytes without a separator. */
    static final String LOCKS = "/tooz/locks";

    static final String GROUPS = "tooz/groups/";
    /** What Java reports as the holder of a lock Python holds: the hex of its 16 random bytes. */
    static final String PYTHON_HOLDER = "python-tooz:[0-9a-f]{32}";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String prefix = "interop-" + UUID.randomUUID() + "-";

    @BeforeAll
    static void etcdAndPythonToozAreThere() {
        SharedServer.ETCD.require();
        PythonPeer.requireTooz();
    }

    @Override
    String url() {
        return "etcd3+http://127.0.0.1:" + PORT + "?api_version=v3&membership_timeout=" + MEMBERSHIP_TIMEOUT.toSeconds()
                + "&lock_timeout=" + LOCK_TIMEOUT.toSeconds();
    }

    /** {@code base} made this test's own: a group or lock name no other test uses. */
    String name(String base) {
        return prefix + base;
    }

    /** The names in {@code names} that are this test's own. */
    List<String> ours(Collection<String> names) {
        return names.stream().filter(n -> n.startsWith(prefix)).sorted().toList();
    }

    /** A lock of a Python peer; tooz 3.1.0's etcd3gw driver takes names as bytes only. */
    static PythonLock pythonLock(PythonPeer py, String name) {
        return new PythonLock(py, name, true);
    }

    /** One key as etcd holds it. */
    record RawKey(byte[] value, long lease) {
        String valueText() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "RawKey[value=" + hex(value) + ", lease=" + lease + "]";
        }
    }

    /** The keys of this test's groups and members, by key (UTF-8), from etcd itself. */
    Map<String, RawKey> rawGroupKeys() {
        return rawKeys(GROUPS + prefix);
    }

    /** Where the URL's Python driver puts lock {@code N}: at this followed by {@code N}. */
    String lockPrefix() {
        return LOCKS;
    }

    /** The keys of this test's locks, by key (UTF-8), from etcd itself. */
    Map<String, RawKey> rawLockKeys() {
        return rawKeys(lockPrefix() + prefix);
    }

    /** Every key starting with {@code keyPrefix}, read through etcd's JSON gateway. */
    @SuppressWarnings("unchecked")
    static Map<String, RawKey> rawKeys(String keyPrefix) {
        Map<String, Object> reply = gateway("kv/range", keyPrefix);
        Map<String, RawKey> out = new TreeMap<>();
        for (Object o : (List<Object>) reply.getOrDefault("kvs", List.of())) {
            Map<String, Object> kv = (Map<String, Object>) o;
            byte[] key = Base64.getDecoder().decode((String) kv.get("key"));
            byte[] value = Base64.getDecoder().decode((String) kv.getOrDefault("value", ""));
            long lease = Long.parseLong(String.valueOf(kv.getOrDefault("lease", "0")));
            out.put(new String(key, StandardCharsets.UTF_8), new RawKey(value, lease));
        }
        return out;
    }

    /** This test's groups, members and locks; Python's leftover leases expire on their own. */
    @Override
    void removeNamespace() {
        gateway("kv/deleterange", GROUPS + prefix);
        gateway("kv/deleterange", lockPrefix() + prefix);
    }

    /** Posts a range request for the keys starting with {@code keyPrefix} to etcd's v3 JSON gateway. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> gateway(String path, String keyPrefix) {
        byte[] from = keyPrefix.getBytes(StandardCharsets.UTF_8);
        byte[] to = Arrays.copyOf(from, from.length);
        to[to.length - 1]++; // the prefixes end in ASCII, so this cannot overflow
        String body = PeerJson.write(Map.of(
                "key", Base64.getEncoder().encodeToString(from),
                "range_end", Base64.getEncoder().encodeToString(to)));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/v3/" + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("etcd gateway " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return (Map<String, Object>) PeerJson.parse(r.body());
        } catch (IOException e) {
            throw new AssertionError("etcd gateway " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted calling the etcd gateway", e);
        }
    }

    static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
