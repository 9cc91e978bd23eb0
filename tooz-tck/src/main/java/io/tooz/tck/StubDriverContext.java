package io.tooz.tck;

import io.tooz.LossReason;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverEvents;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverOptions;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

/**
 * What the core gives a driver, for a driver's tests of one facet without a coordinator: the test plays the core,
 * choosing the grants and queue entries it holds ({@link #held()}, {@link #entries()}) and hearing the losses the
 * driver reports. Joined groups are none; session and membership losses are ignored.
 */
public final class StubDriverContext implements DriverContext, DriverEvents {
    private final String memberId;
    private final ConnectionUrl url;
    private final DriverOptions options;
    private final ScheduledExecutorService scheduler;
    private final BiConsumer<DriverLease, LossReason> onLoss;
    private final List<DriverLease> held = new CopyOnWriteArrayList<>();
    private final List<DriverLease> entries = new CopyOnWriteArrayList<>();

    /** A context for {@code memberId} on {@code url}; {@code onLoss} hears each {@link #leaseLost}. */
    public StubDriverContext(
            String memberId,
            ConnectionUrl url,
            DriverOptions options,
            ScheduledExecutorService scheduler,
            BiConsumer<DriverLease, LossReason> onLoss) {
        this.memberId = memberId;
        this.url = url;
        this.options = options;
        this.scheduler = scheduler;
        this.onLoss = onLoss;
    }

    /** The lock grants the "core" holds: add and remove as the test acquires and releases. */
    public List<DriverLease> held() {
        return held;
    }

    /** The queue entries the "core" holds. */
    public List<DriverLease> entries() {
        return entries;
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
        onLoss.accept(lease, reason);
    }

    @Override
    public void sessionLost() {}

    @Override
    public void membershipsLost(String why) {}
}
