package io.tooz.driver.redis;

import io.tooz.LossReason;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverOptions;
import io.tooz.tck.StubDriverContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A started {@link RedisDriver} without a coordinator, for tests of one facet: the test plays the core
 * ({@link StubDriverContext}), choosing the grants it holds ({@link #held}, {@link #entries}) and reading the losses the
 * driver reports ({@link #losses}).
 */
final class DirectDriver implements AutoCloseable {
    /** A loss the driver reported. */
    record Loss(DriverLease lease, LossReason reason) {}

    final BlockingQueue<Loss> losses = new LinkedBlockingQueue<>();
    final List<DriverLease> held;
    final List<DriverLease> entries;
    final RedisDriver driver;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    /** Starts a driver for {@code memberId} on {@code url} ({@code redis://HOST:PORT}) with these options. */
    DirectDriver(String url, String memberId, Map<String, String> options) {
        ConnectionUrl parsed = ConnectionUrl.parse(url);
        Map<String, List<String>> values = new HashMap<>();
        options.forEach((k, v) -> values.put(k, List.of(v)));
        DriverOptions driverOptions = new DriverOptions("redis", values);
        StubDriverContext context = new StubDriverContext(
                memberId, parsed, driverOptions, scheduler, (lease, reason) -> losses.add(new Loss(lease, reason)));
        this.held = context.held();
        this.entries = context.entries();
        this.driver = new RedisDriver(context, RedisDriverProvider.settings(parsed, driverOptions));
        driver.start();
    }

    RedisLockQueues queues() {
        return (RedisLockQueues) driver.facets().lockQueues();
    }

    RedisLocks locks() {
        return (RedisLocks) driver.facets().locks();
    }

    @Override
    public void close() {
        driver.close();
        scheduler.shutdownNow();
    }
}
