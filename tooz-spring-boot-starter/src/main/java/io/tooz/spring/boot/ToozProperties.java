package io.tooz.spring.boot;

import io.tooz.WatchMode;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code tooz.*} properties. (Their descriptions are plain text: the configuration processor copies them into the
 * IDE metadata as written.)
 *
 * @param url The backend's URL, e.g. zookeeper://127.0.0.1:2181, redis://:secret@127.0.0.1:6379 or memory://test. Its
 *     scheme chooses the driver, whose module must be on the classpath. Required. Logs, errors, health and info show
 *     it without its user information.
 * @param memberId This instance's member id. Defaults to APPLICATION-HOST-PID (spring.application.name, the host name
 *     and the process id; a JVM's second coordinator on gets a counter too), with every character other than a letter,
 *     a digit, '.', '_' and '-' replaced by '-'.
 * @param options Driver options, as in the URL's query: tooz.options.timeout=5. Spring drops an underscore from a map
 *     key outside brackets, so write tooz.options[lock_timeout]=5, or tooz.options.lock-timeout=5 (a '-' in an option
 *     name becomes '_').
 * @param watchMode How watcher callbacks are delivered. AUTO (the default) runs them on the coordinator's dispatcher
 *     thread, which @WhileLeader needs; MANUAL runs them only inside Coordinator.runWatchers.
 * @param tasks The schedulers of @PeriodicTasks methods.
 * @param health The tooz health contributor.
 * @param metrics The tooz meters, when tooz-micrometer and a Micrometer registry are present.
 */
@ConfigurationProperties("tooz")
public record ToozProperties(
        @Nullable String url,
        @Nullable String memberId,
        @DefaultValue Map<String, String> options,
        @DefaultValue("auto") WatchMode watchMode,
        @DefaultValue Tasks tasks,
        @DefaultValue Health health,
        @DefaultValue Metrics metrics) {

    /**
     * The schedulers of {@link PeriodicTasks} methods, one per group.
     *
     * @param threads Threads running one group's task actions on this instance (1 to 1024).
     * @param weight This instance's share of each group's tasks against the other instances' (1 to 1000).
     */
    public record Tasks(@DefaultValue("4") int threads, @DefaultValue("1") int weight) {}

    /**
     * The {@code tooz} health contributor.
     *
     * @param timeout How long the health check's backend round trip may take before it reports DOWN.
     */
    public record Health(@DefaultValue("3s") Duration timeout) {}

    /**
     * The tooz meters (tooz-micrometer's ToozMetrics, bound to every registry of the application).
     *
     * @param lockNames Whether lock meters carry the lock's name as the tag "lock". Turn it off when the application
     *     makes lock names without bound (per user, per order...): each name is a time series.
     */
    public record Metrics(@DefaultValue("true") boolean lockNames) {}
}
