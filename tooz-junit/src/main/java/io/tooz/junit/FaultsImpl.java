package io.tooz.junit;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.internal.hooks.CoreHooks;
import io.tooz.spi.Driver;
import java.time.Duration;
import java.util.Optional;

/** {@link ToozFaults} over the core's hooks, the ZooKeeper driver's session expiry and the coordinators' proxies. */
final class FaultsImpl implements ToozFaults {
    private static final Duration EXPIRY_MARGIN = Duration.ofMillis(500);

    private final Registry registry;

    FaultsImpl(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void pauseHeartbeats(Coordinator coordinator) {
        Optional<Tracked> t = registry.find(coordinator);
        boolean byTtl = coordinator.features().contains(Feature.HEARTBEAT_EXPIRY);
        if (!byTtl && !t.map(Tracked::proxied).orElse(false)) {
            throw new UnsupportedOperationException(coordinator + " is on a backend that does not expire members by"
                    + " TTL and does not reach it through the extension's proxy: pausing its heartbeats would change"
                    + " nothing the backend sees");
        }
        CoreHooks.pauseHeartbeats(coordinator, true);
        t.ifPresent(x -> x.pause(true));
    }

    @Override
    public void resumeHeartbeats(Coordinator coordinator) {
        CoreHooks.pauseHeartbeats(coordinator, false);
        registry.find(coordinator).ifPresent(x -> x.pause(false));
    }

    @Override
    public void expireSession(Coordinator coordinator) {
        Driver driver = CoreHooks.driver(coordinator);
        if (ZooKeeperExpiry.isZooKeeper(driver)) {
            if (registry.find(coordinator).map(Tracked::partitioned).orElse(false)) {
                throw new IllegalStateException(coordinator + " is cut off from ZooKeeper, so its session cannot be"
                        + " reached to end it: heal it first (or wait: a cut-off session expires by itself)");
            }
            ZooKeeperExpiry.expire(driver);
            return;
        }
        try {
            CoreHooks.expireMemorySession(coordinator);
            return;
        } catch (IllegalArgumentException notOnMemory) {
            // expire it by silence below
        }
        Duration ttl = coordinator.heartbeat().multipliedBy(2); // heartbeats go every half TTL
        boolean pausedBefore = registry.find(coordinator).map(Tracked::paused).orElse(false);
        pauseHeartbeats(coordinator);
        try {
            Thread.sleep(ttl.multipliedBy(3).dividedBy(2).plus(EXPIRY_MARGIN).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!pausedBefore) {
                resumeHeartbeats(coordinator);
            }
        }
    }

    @Override
    public void cutOff(Coordinator coordinator) {
        if (onMemory(coordinator, true)) {
            registry.find(coordinator).ifPresent(x -> x.cutOff(true));
            return;
        }
        Tracked t = registry.find(coordinator)
                .filter(Tracked::proxied)
                .orElseThrow(() -> new UnsupportedOperationException(coordinator
                        + " does not reach its backend through a proxy of the extension: inject it or make it with"
                        + " ToozBackend.newCoordinator(), on a backend with one host:port in its URL and no TLS"));
        t.cutOff(true);
    }

    @Override
    public void heal(Coordinator coordinator) {
        onMemory(coordinator, false);
        registry.find(coordinator).ifPresent(x -> x.cutOff(false));
    }

    /** Cuts a {@code memory://} coordinator off, or heals it; false if it is not on {@code memory://}. */
    private static boolean onMemory(Coordinator coordinator, boolean cut) {
        try {
            CoreHooks.cutOffFromMemoryBackend(coordinator, cut);
            return true;
        } catch (IllegalArgumentException notOnMemory) {
            return false;
        }
    }
}
