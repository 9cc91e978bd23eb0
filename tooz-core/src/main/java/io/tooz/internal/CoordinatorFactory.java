package io.tooz.internal;

import io.tooz.Characteristic;
import io.tooz.Coordinator;
import io.tooz.DriverChosenPoorlyException;
import io.tooz.Feature;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozException;
import io.tooz.WatchMode;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.Driver;
import io.tooz.spi.Driver.NameKind;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.DriverProvider;
import io.tooz.spi.Facets;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds coordinators: parses the URL, finds the driver, checks options, characteristics and the member id. */
public final class CoordinatorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorFactory.class);
    private static final Duration MAX_WATCH_INTERVAL = Duration.ofHours(1);
    private static final String WATCH_INTERVAL = "watch_interval";
    private static final String WATCH_CHECK_INTERVAL = "watch_check_interval";

    private CoordinatorFactory() {}

    public static Coordinator create(
            String rawUrl,
            String memberId,
            Map<String, List<Object>> builderOptions,
            Set<Characteristic> required,
            WatchMode watchMode,
            boolean autoHeartbeat,
            List<io.tooz.CoordinatorObserver> observers) {
        ConnectionUrl url = ConnectionUrl.parse(rawUrl);
        DriverProvider provider = DriverRegistry.forScheme(url.scheme(), url.toString());
        Map<String, List<?>> merged = new LinkedHashMap<>(url.query());
        merged.putAll(builderOptions);
        DriverOptions probe = new DriverOptions(url.scheme(), merged);
        Duration watchInterval = watchInterval(probe, url.scheme());
        CoreDriverContext ctx = newDriver(provider, url, memberId, probe);
        Driver driver = ctx.driver();
        Set<String> unknown = probe.unknown();
        if (!unknown.isEmpty()) {
            throw new ToozConfigurationException("unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " for " + url.scheme() + "://; known options: "
                    + String.join(", ", probe.known()));
        }
        Set<String> ignored = probe.ignoredGiven();
        if (!ignored.isEmpty()) {
            LOG.info(
                    "ignoring {} of {}://: read by Python tooz's driver, meaningless on the JVM",
                    String.join(", ", ignored),
                    url.scheme());
        }
        Set<Characteristic> missing = EnumSet.noneOf(Characteristic.class);
        missing.addAll(required);
        missing.removeAll(driver.characteristics());
        if (!missing.isEmpty()) {
            throw new DriverChosenPoorlyException("the " + url.scheme() + ":// driver lacks required characteristics "
                    + new TreeSet<>(missing) + "; it has " + new TreeSet<>(driver.characteristics()));
        }
        Names.check(driver, NameKind.MEMBER, memberId);
        return new DefaultCoordinator(
                memberId,
                url,
                provider,
                merged,
                ctx,
                watchInterval,
                watchMode,
                autoHeartbeat,
                new Observers(observers));
    }

    /**
     * The core's {@code watch_interval}, or its deprecated alias {@code watch_check_interval} (once the Redis, file and
     * SQL drivers' own re-read interval); {@code watch_interval} wins when both are given.
     */
    /** What {@link #watchInterval} reads for an option not given (compared by identity). */
    private static final Duration UNSET = Duration.ofSeconds(-1);

    private static Duration watchInterval(DriverOptions o, String scheme) {
        Duration min = Duration.ofMillis(10);
        Duration given = o.duration(WATCH_INTERVAL, UNSET, min, MAX_WATCH_INTERVAL);
        Duration old = o.duration(WATCH_CHECK_INTERVAL, UNSET, min, MAX_WATCH_INTERVAL);
        if (old != UNSET) {
            LOG.warn(
                    "option {} of {}:// is deprecated: it is the core's {} now, which re-reads watched groups for every"
                            + " driver; {}",
                    WATCH_CHECK_INTERVAL,
                    scheme,
                    WATCH_INTERVAL,
                    given != UNSET
                            ? "both are given, so " + WATCH_INTERVAL + " wins and " + WATCH_CHECK_INTERVAL
                                    + " is ignored"
                            : "write " + WATCH_INTERVAL + "=" + DriverOptions.formatDuration(old) + " instead");
        }
        return given != UNSET ? given : old != UNSET ? old : Duration.ofSeconds(1);
    }

    static CoreDriverContext newDriver(
            DriverProvider provider, ConnectionUrl url, String memberId, DriverOptions options) {
        CoreDriverContext ctx = new CoreDriverContext(memberId, url, options);
        Driver d = provider.create(ctx);
        if (d == null) {
            throw new ToozException("driver provider " + provider.getClass().getName() + " returned no driver");
        }
        ctx.setDriver(d);
        return ctx;
    }

    static Set<Feature> featuresOf(Driver d) {
        Facets facets = d.facets();
        Set<Feature> f = EnumSet.noneOf(Feature.class);
        if (facets.groups() != null) {
            f.addAll(List.of(Feature.GROUPS, Feature.GROUP_WATCH, Feature.BARRIERS, Feature.PARTITIONER));
            if (facets.watch() != null) {
                f.add(Feature.NATIVE_WATCH);
            }
            d.ttl().ifPresent(t -> f.add(Feature.HEARTBEAT_EXPIRY));
        }
        if (facets.locks() != null) {
            f.add(Feature.LOCKS);
            f.add(Feature.LEADER_ELECTION);
            if (canBreak(facets.locks())) {
                f.add(Feature.LOCK_BREAK);
            }
        }
        if (facets.claims() != null) {
            f.add(Feature.PERIODIC_TASKS);
        }
        if (facets.lockQueues() != null) {
            f.add(Feature.SHARED_LOCKS);
        }
        return Set.copyOf(f);
    }

    /** Whether the queues facet implements {@link io.tooz.spi.DriverLockQueues#forceBreak}. */
    static boolean overrides(io.tooz.spi.DriverLockQueues queues) {
        try {
            return TimedFacets.unwrap(queues)
                            .getClass()
                            .getMethod("forceBreak", LockId.class)
                            .getDeclaringClass()
                    != io.tooz.spi.DriverLockQueues.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Whether the locks facet implements {@link DriverLocks#forceBreak}, which declares the feature. */
    static boolean canBreak(DriverLocks locks) {
        try {
            return TimedFacets.unwrap(locks)
                            .getClass()
                            .getMethod("forceBreak", LockId.class)
                            .getDeclaringClass()
                    != DriverLocks.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
