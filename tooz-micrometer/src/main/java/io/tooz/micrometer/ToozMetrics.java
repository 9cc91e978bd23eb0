package io.tooz.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tooz.CoordinatorObserver;
import io.tooz.schedule.PeriodicScheduler;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Micrometer meters for coordinators and periodic schedulers: give it to the coordinator's builder as an observer, and
 * bind it to a registry.
 *
 * <pre>{@code
 * ToozMetrics metrics = ToozMetrics.forUrl(url);
 * Coordinator c = Coordinator.builder(url).observer(metrics).build();
 * metrics.bindTo(registry);
 * metrics.bindScheduler(scheduler); // for each PeriodicScheduler, if any
 * }</pre>
 *
 * <p>Meters (every one tagged {@code backend}; {@code docs/metrics.md} says what each means, with alert examples):
 *
 * <ul>
 *   <li>{@code tooz.lock.acquire} (timer; {@code kind}, {@code lock}, {@code outcome}: {@code acquired}, {@code
 *       timed_out}, {@code failed}): how long acquisitions waited, and how they ended;
 *   <li>{@code tooz.lock.held} (timer; {@code kind}, {@code lock}): how long leases were held, until released or lost
 *       (a leadership: {@code kind=leader}, {@code lock} = the group);
 *   <li>{@code tooz.lease.lost} (counter; {@code kind}, {@code lock}, {@code reason}: the {@link io.tooz.LossReason});
 *   <li>{@code tooz.leadership.gained}, {@code tooz.leadership.lost} (counters; {@code group}) and {@code
 *       tooz.leadership.leading} (gauge; {@code group}: 1 while this process leads it);
 *   <li>{@code tooz.group.members} (gauge; {@code group}): the members of each watched group;
 *   <li>{@code tooz.watch.event.delay} (timer; {@code type}): from when the coordinator learned of an event until its
 *       callbacks ran;
 *   <li>{@code tooz.backend.request} (timer; {@code operation}, {@code outcome}: {@code success}, {@code error}, and
 *       {@code exception}): every call to the backend;
 *   <li>{@code tooz.connection.state} (gauge; {@code state}: coordinators in each state) and {@code
 *       tooz.connection.transitions} (counter; {@code state} entered);
 *   <li>for each bound scheduler ({@code group}): {@code tooz.scheduler.runs}, {@code .failed}, {@code .skipped},
 *       {@code .late}, {@code .taken}, {@code .claims} (function counters over {@link PeriodicScheduler#stats()}),
 *       {@code tooz.scheduler.owned} (gauge) and {@code tooz.scheduler.run.duration} (timer; {@code outcome}).
 * </ul>
 *
 * <p><b>Cardinality.</b> Lock and group names are tags: each lock name makes its own time series, which suits the
 * usual few named locks. Where lock names are unbounded (one per order, per user), use {@link #withoutLockNames()}.
 * Group names are kept: watched groups, leaderships and schedulers are few.
 *
 * <p>Timers, counters and transitions that happen before the first {@link #bindTo} are not recorded; gauges (members,
 * leaderships, connection states) show the state they track whenever they are read. It may be bound to several
 * registries, and observe several coordinators of one backend (their meters add up).
 */
public final class ToozMetrics implements MeterBinder, CoordinatorObserver {
    private static final String NO_NAME = "";

    private final String backend;
    private final boolean lockNames;
    private final List<RegistryMeters> bound = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> members = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> leading = new ConcurrentHashMap<>();
    private final Map<String, ConnectionState> connections = new ConcurrentHashMap<>();
    private final SchedulerMeters schedulers;

    private final Function<RegistryMeters.Key, Timer.Builder> acquireTimer = this::acquireTimer;
    private final Function<RegistryMeters.Key, Timer.Builder> heldTimer = this::heldTimer;
    private final Function<RegistryMeters.Key, Counter.Builder> lostCounter = this::lostCounter;

    /**
     * Meters tagged {@code backend=<backend>}.
     *
     * @param backend the {@code backend} tag's value, such as the URL's scheme ({@code "zookeeper"})
     */
    public ToozMetrics(String backend) {
        this(backend, true);
    }

    private ToozMetrics(String backend, boolean lockNames) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.lockNames = lockNames;
        this.schedulers = new SchedulerMeters(bound);
    }

    /**
     * Meters tagged with the URL's scheme as {@code backend} ({@code zookeeper://...} gives {@code zookeeper}); no other
     * part of the URL (host, credentials, options) reaches any meter.
     *
     * @throws IllegalArgumentException if the text does not start with {@code SCHEME://}
     */
    public static ToozMetrics forUrl(String url) {
        int end = url.indexOf("://");
        String scheme = end > 0 ? url.substring(0, end).toLowerCase(Locale.ROOT) : "";
        if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new IllegalArgumentException("a tooz URL starts with SCHEME:// (such as zookeeper://); this one does"
                    + " not (the URL is not repeated here: it may hold a password)");
        }
        return new ToozMetrics(scheme);
    }

    /**
     * A copy whose lock meters ({@code tooz.lock.acquire}, {@code tooz.lock.held}, {@code tooz.lease.lost}) have no
     * {@code lock} tag: for applications with unbounded lock names. Call it before giving the metrics to a builder.
     */
    public ToozMetrics withoutLockNames() {
        return new ToozMetrics(backend, false);
    }

    /** The {@code backend} tag's value. */
    public String backend() {
        return backend;
    }

    /** Registers the gauges, and records every later event into {@code registry} too. */
    @Override
    public void bindTo(MeterRegistry registry) {
        RegistryMeters r = new RegistryMeters(registry, Tags.of("backend", backend));
        for (ConnectionState s : List.of(ConnectionState.CONNECTED, ConnectionState.SUSPENDED, ConnectionState.LOST)) {
            Gauge.builder("tooz.connection.state", connections, c -> MeterMakers.count(c, s))
                    .description("Coordinators whose connection is in this state")
                    .tags(r.common)
                    .tag("state", MeterMakers.tag(s))
                    .strongReference(true)
                    .register(registry);
        }
        members.forEach((group, count) -> MeterMakers.membersGauge(r, group, count));
        leading.forEach((group, count) -> MeterMakers.leadingGauge(r, group, count));
        bound.add(r);
        schedulers.bind(r);
    }

    /**
     * Adds the meters of a scheduler (see the class description), tagged with its group; schedulers of one group in
     * one process add up. Bind each scheduler once; it may be bound before or after {@link #bindTo}.
     *
     * @throws UnsupportedOperationException for a scheduler not built by {@link PeriodicScheduler#builder}
     */
    public void bindScheduler(PeriodicScheduler scheduler) {
        schedulers.add(scheduler);
    }

    @Override
    public void onLockAcquire(LockAcquire e) {
        RegistryMeters.Key key = new RegistryMeters.Key("acquire", e.kind(), lockName(e.name()), e.outcome());
        for (RegistryMeters r : bound) {
            r.time(key, e.waited(), acquireTimer);
        }
    }

    @Override
    public void onLeaseReleased(LeaseReleased e) {
        RegistryMeters.Key key = new RegistryMeters.Key("held", e.kind(), lockName(e.name()), NO_NAME);
        for (RegistryMeters r : bound) {
            r.time(key, e.held(), heldTimer);
        }
    }

    @Override
    public void onLeaseLost(LeaseLost e) {
        RegistryMeters.Key held = new RegistryMeters.Key("held", e.kind(), lockName(e.name()), NO_NAME);
        RegistryMeters.Key lost = new RegistryMeters.Key("lost", e.kind(), lockName(e.name()), e.reason());
        for (RegistryMeters r : bound) {
            r.time(held, e.held(), heldTimer);
            r.count(lost, lostCounter);
        }
    }

    @Override
    public void onLeadership(Leadership e) {
        AtomicInteger count = leading.get(e.group());
        if (count == null) {
            AtomicInteger made = new AtomicInteger();
            count = leading.computeIfAbsent(e.group(), g -> made);
            if (count == made) {
                bound.forEach(r -> MeterMakers.leadingGauge(r, e.group(), made));
            }
        }
        count.addAndGet(e.gained() ? 1 : -1);
        String name = e.gained() ? "tooz.leadership.gained" : "tooz.leadership.lost";
        RegistryMeters.Key key = new RegistryMeters.Key(name, e.group(), NO_NAME, NO_NAME);
        bound.forEach(r -> r.count(key, MeterMakers::leadershipCounter));
    }

    @Override
    public void onGroupMembers(GroupMembers e) {
        AtomicInteger count = members.get(e.group());
        if (count == null) {
            AtomicInteger made = new AtomicInteger(e.count());
            count = members.computeIfAbsent(e.group(), g -> made);
            if (count == made) {
                bound.forEach(r -> MeterMakers.membersGauge(r, e.group(), made));
            }
        }
        count.set(e.count());
    }

    @Override
    public void onWatchDelivery(WatchDelivery e) {
        RegistryMeters.Key key = new RegistryMeters.Key("delay", MeterMakers.type(e.event()), NO_NAME, NO_NAME);
        bound.forEach(r -> r.time(key, e.delay(), MeterMakers::delayTimer));
    }

    @Override
    public void onBackendCall(BackendCall e) {
        Throwable error = e.error();
        String exception = error == null ? "none" : error.getClass().getSimpleName();
        RegistryMeters.Key key = new RegistryMeters.Key("request", e.operation(), exception, NO_NAME);
        for (RegistryMeters r : bound) {
            r.time(key, e.took(), MeterMakers::requestTimer);
        }
    }

    @Override
    public void onConnectionChange(ConnectionChange e) {
        if (e.current() == ConnectionState.CLOSED) {
            connections.remove(e.memberId());
        } else {
            connections.put(e.memberId(), e.current());
        }
        RegistryMeters.Key key = new RegistryMeters.Key("transitions", e.current(), NO_NAME, NO_NAME);
        bound.forEach(r -> r.count(key, MeterMakers::transitionCounter));
    }

    private String lockName(String name) {
        return lockNames ? name : NO_NAME;
    }

    private Timer.Builder acquireTimer(RegistryMeters.Key k) {
        return withLock(
                Timer.builder("tooz.lock.acquire")
                        .description("How long lock acquisitions waited, by how they ended")
                        .tag("kind", MeterMakers.tag((Enum<?>) k.a()))
                        .tag("outcome", MeterMakers.tag((Enum<?>) k.c())),
                k);
    }

    private Timer.Builder heldTimer(RegistryMeters.Key k) {
        return withLock(
                Timer.builder("tooz.lock.held")
                        .description("How long leases were held, until released or lost")
                        .tag("kind", MeterMakers.tag((Enum<?>) k.a())),
                k);
    }

    private Counter.Builder lostCounter(RegistryMeters.Key k) {
        Counter.Builder b = Counter.builder("tooz.lease.lost")
                .description("Leases lost without being released, by reason")
                .tag("kind", MeterMakers.tag((Enum<?>) k.a()))
                .tag("reason", MeterMakers.tag((Enum<?>) k.c()));
        return lockNames ? b.tag("lock", (String) k.b()) : b;
    }

    private Timer.Builder withLock(Timer.Builder b, RegistryMeters.Key k) {
        return lockNames ? b.tag("lock", (String) k.b()) : b;
    }
}
