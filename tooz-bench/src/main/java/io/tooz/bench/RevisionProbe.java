package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operations {@link RevisionCompare} times, loaded once per revision in that revision's class loader: it may use
 * only API that every compared revision has. Its class is found by name, so its signature must stay as it is.
 */
public final class RevisionProbe {
    private RevisionProbe() {}

    /**
     * Starts a coordinator on {@code url} and returns the timed operations by name, plus {@code "close"} (deletes the
     * probe's group, stops the coordinator).
     */
    public static Map<String, Runnable> start(String url, String tag) {
        Coordinator c = Coordinator.builder(url).memberId("revision-" + tag).build();
        c.start();
        String group = "revision-join-" + tag;
        c.createGroup(group).get();
        DistributedLock lock = c.getLock("revision-lock-" + tag);
        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("lock.acquire() + release()", () -> lock.acquire().release());
        ops.put(
                "lock.tryAcquire() + release()",
                () -> lock.tryAcquire().orElseThrow().release());
        ops.put("joinGroup(g).get() + leaveGroup(g).get()", () -> {
            c.joinGroup(group).get();
            c.leaveGroup(group).get();
        });
        ops.put("close", () -> {
            try {
                c.deleteGroup(group).get();
            } finally {
                c.close();
            }
        });
        return ops;
    }
}
