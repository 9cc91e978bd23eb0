package io.tooz.junit;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.ToozException;
import io.tooz.internal.hooks.CoreHooks;
import org.jspecify.annotations.Nullable;

/**
 * A coordinator the extension created, its proxy (null where the backend is not reached through one) and the faults
 * it is under. The proxy forwards unless the coordinator is cut off, or its heartbeats are paused on a backend whose
 * client proves liveness on the connection itself (ZooKeeper).
 */
final class Tracked {
    private final Coordinator coordinator;
    private final @Nullable BlackHoleProxy proxy;
    private boolean cutOff;
    private boolean paused;

    Tracked(Coordinator coordinator, @Nullable BlackHoleProxy proxy) {
        this.coordinator = coordinator;
        this.proxy = proxy;
    }

    Coordinator coordinator() {
        return coordinator;
    }

    boolean proxied() {
        return proxy != null;
    }

    /** Whether the backend expires this coordinator by TTL ({@link Feature#HEARTBEAT_EXPIRY}). */
    boolean expiresByTtl() {
        return coordinator.features().contains(Feature.HEARTBEAT_EXPIRY);
    }

    synchronized boolean paused() {
        return paused;
    }

    synchronized boolean partitioned() {
        return proxy != null && proxy.partitioned();
    }

    synchronized void cutOff(boolean cut) {
        cutOff = cut;
        applyToProxy();
    }

    synchronized void pause(boolean pause) {
        paused = pause;
        applyToProxy();
    }

    private void applyToProxy() {
        if (proxy == null) {
            return;
        }
        if (cutOff || (paused && !expiresByTtl())) {
            proxy.partition();
        } else {
            proxy.heal();
        }
    }

    /**
     * Undoes every fault, then closes the coordinator (leaving its groups, releasing its locks) and its proxy.
     *
     * @throws RuntimeException what {@code close()} threw, after the proxy was closed
     */
    void close() {
        try {
            synchronized (this) {
                cutOff = false;
                paused = false;
                applyToProxy();
            }
            if (coordinator.isStarted()) {
                CoreHooks.pauseHeartbeats(coordinator, false);
                try {
                    CoreHooks.cutOffFromMemoryBackend(coordinator, false);
                } catch (IllegalArgumentException | ToozException notOnMemory) {
                    // nothing to heal there, or stopping already
                }
            }
            coordinator.close();
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    @Override
    public String toString() {
        return coordinator.memberId() + (proxy == null ? "" : " via " + proxy.hostPort());
    }
}
