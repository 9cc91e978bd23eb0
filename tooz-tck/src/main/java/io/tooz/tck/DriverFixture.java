package io.tooz.tck;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the contracts reach one driver: the URL, the options they pass through the builder, and the membership TTL the
 * options configure (what the backend has is the test class's {@link Backend} declaration). A driver test supplies
 * one from {@link ContractSupport#fixture()}; override the defaults here to adjust the suite's timing to a slow
 * backend, never fork a test.
 */
public interface DriverFixture {

    /** The base URL, e.g. {@code memory://tck-1234} or {@code redis://127.0.0.1:6379}. */
    String url();

    /**
     * The membership TTL the fixture's {@link #options()} configure: how long a member survives without heartbeats.
     * Expiry contracts wait at most about three times this.
     */
    Duration ttl();

    /** Driver options passed with {@link io.tooz.CoordinatorBuilder#options(Map)}, e.g. {@code timeout=2}. */
    default Map<String, String> options() {
        return Map.of();
    }

    /** How long an event (a callback, a hand-over of a lock or leadership) may take to arrive; 10 s or 2 × TTL. */
    default Duration eventTimeout() {
        Duration twice = ttl().multipliedBy(2);
        Duration floor = Duration.ofSeconds(10);
        return twice.compareTo(floor) > 0 ? twice : floor;
    }

    /**
     * How long a contract watches for something that must not happen (an event after unwatch, a second lock holder).
     * Longer makes negative checks stronger and the suite slower; it never makes a correct driver fail.
     */
    default Duration quietPeriod() {
        return Duration.ofMillis(500);
    }

    /** An option the driver reads and a value it must reject, naming the option; {@code timeout=not-a-duration}. */
    default Map.Entry<String, String> badOptionValue() {
        return Map.entry("timeout", "not-a-duration");
    }

    /** A fixture with no options. */
    static DriverFixture of(String url, Duration ttl) {
        return of(url, ttl, Map.of());
    }

    /** A fixture with options, e.g. {@code Map.of("timeout", "2")} for a two-second TTL. */
    static DriverFixture of(String url, Duration ttl, Map<String, String> options) {
        return new Simple(url, ttl, Map.copyOf(options));
    }

    /** The plain fixture {@link #of} returns. */
    record Simple(String url, Duration ttl, Map<String, String> options) implements DriverFixture {
        /** Checks the components. */
        public Simple {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("ttl must be positive: " + ttl);
            }
        }
    }
}
