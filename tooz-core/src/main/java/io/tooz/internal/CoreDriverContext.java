package io.tooz.internal;

import io.tooz.ToozException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverEvents;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverOptions;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/** The context handed to a driver; the scheduler and event sink are bound when the coordinator starts. */
final class CoreDriverContext implements DriverContext {
    private final String memberId;
    private final ConnectionUrl url;
    private final DriverOptions options;
    private volatile @Nullable Driver driver;
    private volatile @Nullable CoordinatorThreads runtime;
    private volatile @Nullable DefaultCoordinator coordinator;

    CoreDriverContext(String memberId, ConnectionUrl url, DriverOptions options) {
        this.memberId = memberId;
        this.url = url;
        this.options = options;
    }

    void setDriver(Driver d) {
        this.driver = d;
    }

    Driver driver() {
        Driver d = driver;
        if (d == null) {
            throw new IllegalStateException("the driver is not created yet");
        }
        return d;
    }

    void bind(CoordinatorThreads rt, DefaultCoordinator c) {
        this.runtime = rt;
        this.coordinator = c;
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
        CoordinatorThreads rt = runtime;
        if (rt == null) {
            throw new ToozException("the driver's scheduler exists only once the coordinator starts");
        }
        return rt.scheduler();
    }

    @Override
    public DriverEvents events() {
        return coordinator("event sink").events();
    }

    @Override
    public Set<String> joinedGroups() {
        return Set.copyOf(coordinator("list of joined groups").memberships().groups());
    }

    @Override
    public Collection<DriverLease> heldLeases() {
        return coordinator("list of held leases").heldLeases().leases().stream()
                .filter(l -> !l.id().queued())
                .toList();
    }

    @Override
    public Collection<DriverLease> heldQueueEntries() {
        return coordinator("list of held queue entries").heldLeases().leases().stream()
                .filter(l -> l.id().queued())
                .toList();
    }

    private DefaultCoordinator coordinator(String what) {
        DefaultCoordinator c = coordinator;
        if (c == null) {
            throw new ToozException("the driver's " + what + " exists only once the coordinator starts");
        }
        return c;
    }
}
