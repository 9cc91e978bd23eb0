package io.tooz.spi;

import java.util.Set;

/**
 * Creates drivers for one or more URL schemes. Providers are found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/io.tooz.spi.DriverProvider}. When two providers claim a scheme, the one
 * with the higher {@link #priority()} wins.
 *
 * <p>A provider's class Javadoc gives its URL grammar and every option it reads.
 */
public interface DriverProvider {

    /** The URL schemes this provider serves, lower case, e.g. {@code zookeeper} and {@code kazoo}. */
    Set<String> schemes();

    /** Priority among providers of one scheme; higher wins. */
    default int priority() {
        return 0;
    }

    /** One line describing the backend, for {@code tooz drivers}. */
    String description();

    /**
     * Creates a driver, on the thread that builds the coordinator and again for each start after a stop. Must not do
     * I/O: connecting happens in {@link Driver#start()}. Reads and validates every option here, through the typed
     * getters of {@link DriverContext#options()}, so a bad option fails at build time with a {@link
     * io.tooz.ToozConfigurationException} naming it; the core then rejects the options no getter asked for, and reads
     * its own ({@code watch_interval}) itself.
     */
    Driver create(DriverContext context);
}
