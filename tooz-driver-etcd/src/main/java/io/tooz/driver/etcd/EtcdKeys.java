package io.tooz.driver.etcd;

import static io.tooz.driver.etcd.EtcdClient.bytes;

import io.etcd.jetcd.ByteSequence;
import io.tooz.spi.LockId;
import java.nio.charset.StandardCharsets;

/**
 * Python tooz's etcd keyspace: group {@code tooz/groups/<G>/} (its value is the key itself), member {@code
 * tooz/groups/<G>/<M>} (MessagePack capabilities, bound to the member's lease), lock {@code /tooz/locks<N>} (no slash
 * after {@code locks}, as Python's {@code etcd3gw} driver writes it) or, on {@code etcd3://}, {@code /locks/<N>}
 * (python-etcd3's {@code Lock}, which Python tooz 3.1.0's {@code etcd3} driver uses). Leadership, which Python tooz
 * does not offer on etcd, is {@code /tooz/leaders/<G>}. Claims of the periodic scheduler (tooz-java only) are {@code
 * /tooz/claims/<namespace>/<periodStartMillis>/<task>}, with {@code %} and {@code /} in names written {@code %25} and
 * {@code %2F}, so that no name can reach into another's part of the key. The queue of a read-write lock or a semaphore
 * (tooz-java only) is the keys under {@code /tooz/rwlocks/<name>/} or {@code /tooz/semaphores/<name>/}, the name
 * escaped as for claims.
 */
final class EtcdKeys {
    static final String GROUPS = "tooz/groups/";
    static final String LOCKS = "/tooz/locks";
    static final String PYTHON_ETCD3_LOCKS = "/locks/";
    static final String LEADERS = "/tooz/leaders/";
    static final String CLAIMS = "/tooz/claims/";
    static final String RWLOCKS = "/tooz/rwlocks/";
    static final String SEMAPHORES = "/tooz/semaphores/";
    static final ByteSequence GROUPS_PREFIX = bytes(GROUPS);

    private EtcdKeys() {}

    static ByteSequence group(String groupId) {
        return bytes(GROUPS + groupId + "/");
    }

    static ByteSequence member(String groupId, String memberId) {
        return bytes(GROUPS + groupId + "/" + memberId);
    }

    /** The key of a plain lock or a leadership; plain locks are where {@code scheme}'s Python driver puts them. */
    static ByteSequence lock(EtcdScheme scheme, LockId id) {
        return bytes((id.kind() == LockId.Kind.LEADER ? LEADERS : scheme.locks) + id.name());
    }

    /** The prefix of the queue of a read-write lock or a semaphore; it ends with {@code /}. */
    static String queue(LockId id) {
        return (id.kind() == LockId.Kind.SEMAPHORE ? SEMAPHORES : RWLOCKS) + escape(id.name()) + "/";
    }

    static ByteSequence claim(String namespace, long periodStartMillis, String task) {
        return bytes(CLAIMS + escape(namespace) + "/" + periodStartMillis + "/" + escape(task));
    }

    /** A name as one part of a key: {@code %} and {@code /} percent-encoded, every other character as it is. */
    static String escape(String name) {
        if (name.indexOf('/') < 0 && name.indexOf('%') < 0) {
            return name;
        }
        return name.replace("%", "%25").replace("/", "%2F");
    }

    /** The member id in a key of a group whose key is {@code groupKey}, or {@code null} for the group key itself. */
    static String memberOf(ByteSequence groupKey, ByteSequence key) {
        int n = groupKey.size();
        if (key.size() <= n) {
            return null;
        }
        return new String(key.getBytes(), n, key.size() - n, StandardCharsets.UTF_8);
    }

    /** The group id of {@code key} if it is a group key ({@code tooz/groups/<G>/}, no slash inside G), else null. */
    static String groupOf(ByteSequence key) {
        String k = key.toString(StandardCharsets.UTF_8);
        if (!k.startsWith(GROUPS) || !k.endsWith("/") || k.length() <= GROUPS.length() + 1) {
            return null;
        }
        String g = k.substring(GROUPS.length(), k.length() - 1);
        return g.indexOf('/') >= 0 ? null : g;
    }
}
