package io.tooz.internal;

import io.tooz.GroupNotCreatedException;
import io.tooz.ToozException;
import io.tooz.spi.DriverGroups;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups this member joined, with their capabilities, and which of them lapsed with a lost session or liveness
 * and are still to be joined again. Every driver's re-join goes through here: one order (after the operations queued
 * before the loss), one error policy (a deleted group is forgotten, anything else is tried again).
 */
final class Memberships {
    private static final Logger LOG = LoggerFactory.getLogger(Memberships.class);

    private final String memberId;
    private final Map<String, byte[]> joined = new ConcurrentHashMap<>();
    private final Set<String> lapsed = ConcurrentHashMap.newKeySet();
    private volatile long lastFailureLog;

    Memberships(String memberId) {
        this.memberId = memberId;
    }

    void joined(String group, byte[] capabilities) {
        joined.put(group, capabilities.clone());
        lapsed.remove(group);
    }

    void left(String group) {
        joined.remove(group);
        lapsed.remove(group);
    }

    void updated(String group, byte[] capabilities) {
        joined.computeIfPresent(group, (g, old) -> capabilities.clone());
    }

    List<String> groups() {
        return List.copyOf(joined.keySet());
    }

    void clear() {
        joined.clear();
        lapsed.clear();
    }

    /** Marks every membership lapsed; says whether there is anything to restore. */
    boolean lapse(String why) {
        Set<String> groups = joined.keySet();
        if (groups.isEmpty()) {
            LOG.debug("member {}: {}; it had joined no group", memberId, why); // also a first heartbeat, at start
            return false;
        }
        lapsed.addAll(groups);
        LOG.warn("member {}: {}; others stopped counting it in {}; joining them again", memberId, why, groups);
        return true;
    }

    boolean hasLapsed() {
        return !lapsed.isEmpty();
    }

    /**
     * Joins every lapsed group again with its last capabilities. A group deleted meanwhile is forgotten; any other
     * failure leaves the group lapsed for the next try. Says whether nothing is left to restore.
     */
    boolean restore(DriverGroups groups) {
        for (String g : List.copyOf(lapsed)) {
            byte[] caps = joined.get(g);
            if (caps == null) {
                lapsed.remove(g); // left meanwhile
                continue;
            }
            try {
                groups.rejoinGroup(g, caps);
                lapsed.remove(g);
                LOG.info("member {} joined group {} again", memberId, g);
            } catch (GroupNotCreatedException gone) {
                left(g);
                LOG.warn("member {} is no longer in group {}: the group was deleted while it was away", memberId, g);
            } catch (ToozException failure) {
                long now = System.nanoTime();
                if (now - lastFailureLog > TimeUnit.SECONDS.toNanos(30)) {
                    lastFailureLog = now;
                    LOG.warn("member {} could not join group {} again yet: {}", memberId, g, failure.getMessage());
                }
            }
        }
        return lapsed.isEmpty();
    }
}
