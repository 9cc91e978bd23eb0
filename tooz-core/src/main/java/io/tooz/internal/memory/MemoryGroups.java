package io.tooz.internal.memory;

import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.DriverWatch;
import io.tooz.spi.MemberRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Groups and native watches of the memory driver. */
final class MemoryGroups implements DriverGroups, DriverWatch {
    private final MemoryDriver driver;
    private final MemoryBackend b;

    MemoryGroups(MemoryDriver driver) {
        this.driver = driver;
        this.b = driver.backend();
    }

    private <T> T locked(Supplier<T> work) {
        driver.enter();
        try {
            return work.get();
        } finally {
            b.exit();
        }
    }

    private Map<String, MemoryBackend.Member> group(String groupId) {
        Map<String, MemoryBackend.Member> g = b.groups.get(groupId);
        if (g == null) {
            throw new GroupNotCreatedException(groupId);
        }
        return g;
    }

    private MemoryBackend.Member member(String groupId, String memberId) {
        MemoryBackend.Member m = group(groupId).get(memberId);
        if (m == null) {
            throw new MemberNotJoinedException(groupId, memberId);
        }
        return m;
    }

    @Override
    public void createGroup(String groupId) {
        locked(() -> {
            if (b.groups.containsKey(groupId)) {
                throw new GroupAlreadyExistsException(groupId);
            }
            b.groups.put(groupId, new LinkedHashMap<>());
            b.notifyMembers(groupId);
            return null;
        });
    }

    @Override
    public void deleteGroup(String groupId) {
        locked(() -> {
            if (!group(groupId).isEmpty()) {
                throw new GroupNotEmptyException(groupId);
            }
            b.groups.remove(groupId);
            b.notifyMembers(groupId);
            return null;
        });
    }

    @Override
    public Set<String> getGroups() {
        return locked(() -> new LinkedHashSet<>(b.groups.keySet()));
    }

    @Override
    public void joinGroup(String groupId, byte[] capabilities) {
        MemoryBackend.Session s = driver.session();
        locked(() -> {
            Map<String, MemoryBackend.Member> g = group(groupId);
            if (g.containsKey(driver.memberId())) {
                throw new MemberAlreadyExistsException(groupId, driver.memberId());
            }
            Instant now = Instant.now();
            g.put(driver.memberId(), new MemoryBackend.Member(capabilities.clone(), now, now, s));
            b.notifyChanges(groupId, Set.of(driver.memberId()), Set.of());
            return null;
        });
    }

    @Override
    public void leaveGroup(String groupId) {
        locked(() -> {
            member(groupId, driver.memberId());
            group(groupId).remove(driver.memberId());
            b.notifyChanges(groupId, Set.of(), Set.of(driver.memberId()));
            return null;
        });
    }

    @Override
    public Map<String, MemberRecord> getMembers(String groupId) {
        return locked(() -> {
            Map<String, MemberRecord> out = new LinkedHashMap<>();
            group(groupId).forEach((id, m) -> out.put(id, record(m)));
            return out;
        });
    }

    private static MemberRecord record(MemoryBackend.Member m) {
        return new MemberRecord(m.capabilities().clone(), m.joinedAt(), m.updatedAt());
    }

    @Override
    public void updateCapabilities(String groupId, byte[] capabilities) {
        locked(() -> {
            MemoryBackend.Member m = member(groupId, driver.memberId());
            group(groupId)
                    .put(
                            driver.memberId(),
                            new MemoryBackend.Member(capabilities.clone(), m.joinedAt(), Instant.now(), m.session()));
            return null;
        });
    }

    /** The backend queues every change, in order, on its notifier thread. */
    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public WatchHandle watchMembers(String groupId, MembershipListener listener) {
        locked(() -> {
            b.watchers.computeIfAbsent(groupId, g -> new ArrayList<>()).add(listener);
            b.notifyMembers(groupId);
            return null;
        });
        return () -> {
            b.lock.lock();
            try {
                List<MembershipListener> ws = b.watchers.get(groupId);
                if (ws != null) {
                    ws.remove(listener);
                    if (ws.isEmpty()) {
                        b.watchers.remove(groupId);
                    }
                }
            } finally {
                b.lock.unlock();
            }
        };
    }
}
