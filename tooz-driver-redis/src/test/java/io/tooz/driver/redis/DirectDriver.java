package io.tooz.driver.redis;

import io.tooz.LossReason;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverEvents;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverOptions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A started {@link RedisDriver} without a coordinator, for tests of one facet: the test plays the core, choosing the
 * grants it holds ({@link #held}, {@link #entries}) and reading the losses the driver reports ({@link #losses}).
 */
final class DirectDriver implements DriverContext, DriverEvents, AutoCloseable {
    /** A loss the driver reported. */
    record Loss(DriverLease lease, LossReason reason) {}

    final List<DriverLease> held = new CopyOnWriteArrayList<>();
    final List<DriverLease> entries = new CopyOnWriteArrayList<>();
    final BlockingQueue<Loss> losses = new LinkedBlockingQueue<>();
    final RedisDriver driver;
    private final String memberId;
    private final ConnectionUrl url;
    private final DriverOptions options;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    /** Starts a driver for {@code memberId} on {@code url} ({@code redis://HOST:PORT}) with these options. */
    DirectDriver(String url, String memberId, Map<String, String> options) {
        this.memberId = memberId;
        this.url = ConnectionUrl.parse(url);
        java.util.Map<String, List<String>> values = new java.util.HashMap<>();
        options.forEach((k, v) -> values.put(k, List.of(v)));
        this.options = new DriverOptions("redis", values);
        this.driver = new RedisDriver(this, RedisDriverProvider.settings(this.url, this.options));
        driver.start();
    }

    RedisLockQueues queues() {
        return (RedisLockQueues) driver.facets().lockQueues();
    }

    RedisLocks locks() {
        return (RedisLocks) driver.facets().locks();
    }

    @Override
    public String memberId() {
        return memberId;
    }

    @Override
    public ConnectionUrl url() {
        return url;
    }

    @Override
    public DriverOptions options() {
        return options;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public DriverEvents events() {
        return this;
    }

    @Override
    public Set<String> joinedGroups() {
        return Set.of();
    }

    @Override
    public Collection<DriverLease> heldLeases() {
        return held;
    }

    @Override
    public Collection<DriverLease> heldQueueEntries() {
        return entries;
    }

    @Override
    public void leaseLost(DriverLease lease, LossReason reason) {
        losses.add(new Loss(lease, reason));
    }

    @Override
    public void sessionLost() {}

    @Override
    public void membershipsLost(String why) {}

    @Override
    public void close() {
        driver.close();
        scheduler.shutdownNow();
    }
}
