package io.tooz.internal.memory;

import io.tooz.ToozConfigurationException;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverProvider;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code memory://} driver: every feature, shared by all coordinators in one JVM that use the same name.
 *
 * <p>URL: {@code memory://NAME[?timeout=SECONDS]}. {@code NAME} defaults to {@code default}. {@code zake://}, Python
 * tooz's in-process fake ZooKeeper, is an alias: {@code zake://} is {@code memory://default}, and zake's {@code
 * storage} option is accepted and ignored.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>meaning</th><th>default</th></tr>
 * <tr><td>{@code timeout}</td><td>member TTL: a coordinator whose heartbeats stop for this long loses its
 * memberships and locks</td><td>10 s</td></tr>
 * </table>
 *
 * <p>Membership changes are pushed (native watch); locks wake waiters on release; fencing tokens count per lock name
 * for the life of the JVM. Tests can pause a coordinator's heartbeats, or take a backend down, with {@code
 * io.tooz.tck.Faults}.
 */
public final class MemoryDriverProvider implements DriverProvider {
    static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

    @Override
    public Set<String> schemes() {
        return Set.of("memory", "zake");
    }

    @Override
    public String description() {
        return "in-process backend shared by coordinators of one JVM with the same memory://NAME (tests, demos)";
    }

    @Override
    public Driver create(DriverContext context) {
        if (context.url().scheme().equals("zake")) {
            context.options().ignore("storage");
        }
        Duration ttl = context.options().duration("timeout", DEFAULT_TTL, Duration.ofMillis(50), Duration.ofDays(1));
        if (!context.url().path().isEmpty() && !context.url().path().equals("/")) {
            throw new ToozConfigurationException(
                    "memory:// URLs take a name and no path, e.g. memory://test; got " + context.url());
        }
        String name = context.url().hosts().isEmpty()
                ? "default"
                : context.url().hosts().get(0).toString();
        return new MemoryDriver(MemoryBackend.named(name), context, ttl);
    }
}
