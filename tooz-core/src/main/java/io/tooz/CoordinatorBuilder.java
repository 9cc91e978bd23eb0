package io.tooz;

import io.tooz.internal.CoordinatorFactory;
import io.tooz.spi.DriverOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link Coordinator}. Obtain with {@link Coordinator#builder(String)}; {@link #build()} resolves the
 * driver and validates everything without connecting.
 */
public final class CoordinatorBuilder {
    private final String url;
    private @Nullable String memberId;
    private final Map<String, List<Object>> options = new LinkedHashMap<>();
    private final Set<Characteristic> required = EnumSet.noneOf(Characteristic.class);
    private WatchMode watchMode = WatchMode.AUTO;
    private boolean autoHeartbeat = true;
    private final List<CoordinatorObserver> observers = new ArrayList<>();

    CoordinatorBuilder(String url) {
        this.url = Objects.requireNonNull(url, "url");
    }

    /** This member's id; defaults to a random UUID. */
    public CoordinatorBuilder memberId(String memberId) {
        this.memberId = Objects.requireNonNull(memberId, "memberId");
        return this;
    }

    /**
     * Sets a driver option, replacing any value from the URL query (tooz {@code get_coordinator(**kwargs)}).
     *
     * <p>The value may be text, as in the URL, or typed, as the option takes it:
     *
     * <ul>
     *   <li>a duration option ({@code timeout}, {@code lock_timeout}, {@code watch_interval}...): a {@link
     *       java.time.Duration}, or a {@link Number} of seconds as in the URL ({@code 5}, {@code 2.5});
     *   <li>a numeric option ({@code pool_size}, {@code port}...): a {@link Number} with no fraction;
     *   <li>a boolean option ({@code ssl}, {@code use_ssl}...): a {@link Boolean};
     *   <li>a text option: a {@link String}, or a {@link Number}, {@link Boolean}, {@link Character}, {@link Enum},
     *       {@link java.nio.file.Path}, {@link java.io.File} or {@link java.net.URI}, as its {@code toString()}.
     * </ul>
     *
     * <p>{@code option("timeout", Duration.ofSeconds(5))}, {@code option("timeout", 5)} and {@code option("timeout",
     * "5")} are the same; so are {@code option("timeout", Duration.ofMillis(500))} and {@code option("timeout",
     * "500ms")}. Each driver provider's Javadoc lists its options; the core's own option is {@code watch_interval}
     * (a duration). Python tooz gives {@code get_coordinator(**kwargs)} values to the driver's {@code int()} or
     * {@code float()}, so numbers work there too.
     *
     * @throws ToozConfigurationException at once if the value is none of these types (a collection, an {@code
     *     Optional}...); from {@link #build()} if the option does not take the value, naming the option, the value's
     *     type and what it takes
     */
    public CoordinatorBuilder option(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value of option " + name);
        if (!DriverOptions.isOptionValue(value)) {
            throw new ToozConfigurationException(
                    "option '" + name + "' was given a " + value.getClass().getName()
                            + "; an option takes text, a Number, a Boolean or a java.time.Duration (see"
                            + " CoordinatorBuilder.option)");
        }
        options.put(name, new ArrayList<>(List.of(value instanceof CharSequence text ? text.toString() : value)));
        return this;
    }

    /** Sets several driver options. */
    public CoordinatorBuilder options(Map<String, ?> values) {
        values.forEach(this::option);
        return this;
    }

    /** Fails {@link #build()} with {@link DriverChosenPoorlyException} unless the driver has all of these. */
    public CoordinatorBuilder requireCharacteristics(Characteristic... characteristics) {
        required.addAll(List.of(characteristics));
        return this;
    }

    /** How watcher callbacks are delivered; {@link WatchMode#AUTO} by default. */
    public CoordinatorBuilder watchMode(WatchMode mode) {
        this.watchMode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * Whether the core heartbeats by itself (default {@code true}). With {@code false} the application must call
     * {@link Coordinator#heartbeat()} often enough, as with Python tooz's {@code start(start_heart=False)}.
     */
    public CoordinatorBuilder autoHeartbeat(boolean enabled) {
        this.autoHeartbeat = enabled;
        return this;
    }

    /**
     * Adds an observer told of the coordinator's lock acquisitions, leases, leaderships, watched groups, backend calls
     * and connection state (see {@link CoordinatorObserver}); may be called several times, and every observer hears
     * every event, in the order they were added. Without any, the coordinator does no observer work at all.
     */
    public CoordinatorBuilder observer(CoordinatorObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
        return this;
    }

    /**
     * Resolves the driver for the URL's scheme and creates the coordinator, not yet started.
     *
     * @throws ToozConfigurationException for a malformed URL, an unknown scheme (the message lists the registered
     *     ones), an unknown option or a bad option value
     * @throws DriverChosenPoorlyException if a required characteristic is missing
     * @throws InvalidNameException if the member id is not allowed
     */
    public Coordinator build() {
        String id = memberId != null ? memberId : UUID.randomUUID().toString();
        return CoordinatorFactory.create(url, id, options, required, watchMode, autoHeartbeat, observers);
    }
}
