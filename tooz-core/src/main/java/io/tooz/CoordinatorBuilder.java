package io.tooz;

import io.tooz.internal.CoordinatorFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Configures a {@link Coordinator}. Obtain with {@link Coordinator#builder(String)}; {@link #build()} resolves the
 * driver and validates everything without connecting.
 */
public final class CoordinatorBuilder {
    private final String url;
    private String memberId;
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final Set<Characteristic> required = EnumSet.noneOf(Characteristic.class);
    private WatchMode watchMode = WatchMode.AUTO;
    private boolean autoHeartbeat = true;

    CoordinatorBuilder(String url) {
        this.url = Objects.requireNonNull(url, "url");
    }

    /** This member's id; defaults to a random UUID. */
    public CoordinatorBuilder memberId(String memberId) {
        this.memberId = Objects.requireNonNull(memberId, "memberId");
        return this;
    }

    /** Sets a driver option, replacing any value from the URL query (tooz {@code get_coordinator(**kwargs)}). */
    public CoordinatorBuilder option(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value of option " + name);
        options.put(name, new ArrayList<>(List.of(String.valueOf(value))));
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
     * Resolves the driver for the URL's scheme and creates the coordinator, not yet started.
     *
     * @throws ToozConfigurationException for a malformed URL, an unknown scheme (the message lists the registered
     *     ones), an unknown option or a bad option value
     * @throws DriverChosenPoorlyException if a required characteristic is missing
     * @throws InvalidNameException if the member id is not allowed
     */
    public Coordinator build() {
        String id = memberId != null ? memberId : UUID.randomUUID().toString();
        return CoordinatorFactory.create(url, id, options, required, watchMode, autoHeartbeat);
    }
}
