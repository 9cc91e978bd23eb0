package io.tooz.driver.memcached;

import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.MemberRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups as Python tooz keeps them: one MessagePack map per group under {@code _TOOZ_GROUP_<G>}, every change a
 * {@code gets}/{@code cas} loop, the group list under {@code _TOOZ_GROUP_LIST}, members pruned when their {@code
 * _TOOZ_MEMBER_<M>} key has expired.
 */
final class MemcachedGroups implements DriverGroups {
    private final MemcachedDriver driver;

    MemcachedGroups(MemcachedDriver driver) {
        this.driver = driver;
    }

    @Override
    public void createGroup(String groupId) {
        MemcachedClient c = driver.client();
        if (!c.add(MemcachedKeys.group(groupId), MemcachedValues.MSGPACK, 0, MemcachedValues.EMPTY_MAP)) {
            throw new GroupAlreadyExistsException(groupId);
        }
        updateList(groupId, true);
    }

    @Override
    public void deleteGroup(String groupId) {
        String key = MemcachedKeys.group(groupId);
        for (CasLoop loop = new CasLoop(); ; loop.conflict()) {
            Read r = read(groupId);
            if (!alive(r.members()).isEmpty()) {
                throw new GroupNotEmptyException(groupId);
            }
            // as Python: set the group to None with cas, so a concurrent join fails, then delete it
            if (driver.client().cas(key, MemcachedValues.MSGPACK, 0, MemcachedValues.NIL, r.cas())
                    == MemcachedClient.CasResult.STORED) {
                driver.client().delete(key);
                updateList(groupId, false);
                return;
            }
        }
    }

    @Override
    public Set<String> getGroups() {
        return driver.client()
                .gets(MemcachedKeys.GROUP_LIST)
                .map(i -> (Set<String>) new LinkedHashSet<>(
                        MemcachedValues.decodeList(i, MemcachedKeys.GROUP_LIST).keySet()))
                .orElseGet(Set::of);
    }

    @Override
    public void joinGroup(String groupId, byte[] capabilities) {
        if (!join(groupId, capabilities)) {
            throw new MemberAlreadyExistsException(groupId, driver.memberId());
        }
    }

    /** {@code false} if already a member. */
    private boolean join(String groupId, byte[] capabilities) {
        for (CasLoop loop = new CasLoop(); ; loop.conflict()) {
            Read r = read(groupId);
            if (r.members().containsKey(driver.memberId())) {
                return false;
            }
            r.members().put(driver.memberId(), MemcachedValues.memberPair(driver.memberId(), capabilities));
            if (write(groupId, r)) {
                return true;
            }
        }
    }

    @Override
    public void leaveGroup(String groupId) {
        for (CasLoop loop = new CasLoop(); ; loop.conflict()) {
            Read r = read(groupId);
            if (r.members().remove(driver.memberId()) == null) {
                throw new MemberNotJoinedException(groupId, driver.memberId());
            }
            if (write(groupId, r)) {
                return;
            }
        }
    }

    @Override
    public Map<String, MemberRecord> getMembers(String groupId) {
        Map<String, MemberRecord> out = new LinkedHashMap<>();
        live(groupId)
                .forEach((m, entry) -> out.put(m, new MemberRecord(MemcachedValues.capabilities(entry, groupId, m))));
        return out;
    }

    /** The ids alone, without decoding every member's entry. */
    @Override
    public Set<String> getMemberIds(String groupId) {
        return new LinkedHashSet<>(live(groupId).keySet());
    }

    @Override
    public void updateCapabilities(String groupId, byte[] capabilities) {
        for (CasLoop loop = new CasLoop(); ; loop.conflict()) {
            Read r = read(groupId);
            byte[] pair = r.members().get(driver.memberId());
            if (pair == null) {
                throw new MemberNotJoinedException(groupId, driver.memberId());
            }
            r.members().put(driver.memberId(), MemcachedValues.withCapabilities(pair, capabilities));
            if (write(groupId, r)) {
                return;
            }
        }
    }

    /** The live members; as Python, dead ones (no liveness key) are removed from the stored map. */
    private Map<String, byte[]> live(String groupId) {
        for (CasLoop loop = new CasLoop(); ; loop.conflict()) {
            Read r = read(groupId);
            Map<String, byte[]> alive = alive(r.members());
            if (alive.size() == r.members().size() || write(groupId, new Read(new LinkedHashMap<>(alive), r.cas()))) {
                return alive;
            }
        }
    }

    private Map<String, byte[]> alive(Map<String, byte[]> members) {
        List<String> keys = new ArrayList<>();
        members.keySet().stream()
                .filter(m -> !m.equals(driver.memberId()))
                .forEach(m -> keys.add(MemcachedKeys.member(m)));
        Set<String> beating = driver.client().getMany(keys).keySet();
        Map<String, byte[]> alive = new LinkedHashMap<>();
        members.forEach((m, entry) -> {
            if (m.equals(driver.memberId()) || beating.contains(MemcachedKeys.member(m))) {
                alive.put(m, entry);
            }
        });
        return alive;
    }

    private record Read(Map<String, byte[]> members, long cas) {}

    private Read read(String groupId) {
        String key = MemcachedKeys.group(groupId);
        MemcachedItem item = driver.client().gets(key).orElseThrow(() -> new GroupNotCreatedException(groupId));
        Map<String, byte[]> members = MemcachedValues.decodeGroup(item, key);
        if (members == null) {
            throw new GroupNotCreatedException(groupId);
        }
        return new Read(members, item.cas());
    }

    private boolean write(String groupId, Read r) {
        return driver.client()
                        .cas(
                                MemcachedKeys.group(groupId),
                                MemcachedValues.MSGPACK,
                                0,
                                MemcachedValues.encodeGroup(r.members()),
                                r.cas())
                == MemcachedClient.CasResult.STORED;
    }

    private void updateList(String groupId, boolean add) {
        String key = MemcachedKeys.GROUP_LIST;
        for (CasLoop loop = new CasLoop(); ; loop.conflict()) {
            MemcachedClient c = driver.client();
            MemcachedItem item = c.gets(key).orElse(null);
            if (item == null) {
                byte[] first = MemcachedValues.encodeList(List.of(MemcachedValues.listEntry(groupId, Map.of())));
                if (!add || c.add(key, MemcachedValues.MSGPACK, 0, first)) {
                    return;
                }
                continue;
            }
            Map<String, byte[]> list = MemcachedValues.decodeList(item, key);
            boolean changed = add
                    ? !list.containsKey(groupId) && list.put(groupId, MemcachedValues.listEntry(groupId, list)) == null
                    : list.remove(groupId) != null;
            if (!changed
                    || c.cas(key, MemcachedValues.MSGPACK, 0, MemcachedValues.encodeList(list.values()), item.cas())
                            == MemcachedClient.CasResult.STORED) {
                return;
            }
        }
    }
}
