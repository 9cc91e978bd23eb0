package io.tooz.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The meters of one registry that {@link ToozMetrics} was bound to, each made on first use and then found by a small
 * key, so that recording an event costs a map lookup rather than a registry lookup with its tag sorting.
 */
final class RegistryMeters {
    final MeterRegistry registry;
    final Tags common;
    private final Map<Key, Meter> meters = new ConcurrentHashMap<>();

    /** A meter's name and up to three tag values, in the order its maker reads them. */
    record Key(String name, Object a, Object b, Object c) {}

    RegistryMeters(MeterRegistry registry, Tags common) {
        this.registry = registry;
        this.common = common;
    }

    void time(Key key, Duration took, Function<Key, Timer.Builder> builder) {
        Meter m = meters.get(key);
        if (m == null) {
            m = meters.computeIfAbsent(key, k -> builder.apply(k).tags(common).register(registry));
        }
        ((Timer) m).record(took);
    }

    void count(Key key, Function<Key, Counter.Builder> builder) {
        Meter m = meters.get(key);
        if (m == null) {
            m = meters.computeIfAbsent(key, k -> builder.apply(k).tags(common).register(registry));
        }
        ((Counter) m).increment();
    }
}
